#include "dashboard_marking.h"

#include <algorithm>
#include <optional>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/centre/proposals.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/web/url.h"

#include "dashboard_marking_pages.h"

namespace khaothi::server::dashboard {
namespace {

using pages::CaseView;
using pages::Lang;

constexpr std::string_view kHtml = "text/html; charset=utf-8";

// The bytes of a package file kept in the bank, checked against their hash.
Result<std::string> PackageFile(store::Database& db, const std::string& sha256) {
  store::Statement q = db.Prepare("SELECT bytes FROM practical_blobs WHERE sha256 = ?1");
  q.Bind(1, sha256);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return Status::NotFound("no package file " + sha256);
  }
  std::string bytes = q.ColumnBlob(0);
  if (crypto::Sha256Hex(bytes) != sha256) {
    return Status::Corruption("the package file " + sha256 + " does not match its hash");
  }
  return bytes;
}

std::string FullName(store::Database& db, const std::string& username) {
  store::Statement q = db.Prepare("SELECT full_name FROM staff WHERE username = ?1");
  q.Bind(1, username);
  Result<bool> row = q.Step();
  return row.ok() && *row ? q.ColumnText(0) : username;
}

http::status StatusFor(const Status& s) {
  if (s.IsPermissionDenied()) {
    return http::status::forbidden;
  }
  if (s.IsNotFound()) {
    return http::status::not_found;
  }
  if (s.IsInvalidArgument()) {
    return http::status::unprocessable_entity;
  }
  if (s.IsFailedPrecondition()) {
    return http::status::conflict;
  }
  return http::status::service_unavailable;
}

std::optional<std::vector<std::string>> ReadSeen(web::Params& form) {
  if (form.count("seen") == 0U) {
    return std::nullopt;
  }
  std::vector<std::string> seen;
  const std::string& text = form["seen"];
  size_t from = 0;
  while (from < text.size()) {
    const size_t comma = std::min(text.find(',', from), text.size());
    seen.push_back(text.substr(from, comma - from));
    from = comma + 1;
  }
  return seen;
}

pages::MarkingViewer Viewer(const Staff& staff) {
  return {staff.username, staff.full_name, staff.csrf, staff.role == "head"};
}

}  // namespace

HttpResponse MarkingDesk::Route(const WebRequest& r, const Staff& staff,
                                const std::vector<std::string>& parts) {
  const HttpRequest& req = r.http;
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool post = req.method() == http::verb::post;
  if (!MayMark(staff)) {
    return post ? Refuse(req, r.lang,
                         {http::status::forbidden, "forbidden",
                          "Chỉ cán bộ chấm thi và chủ tịch hội đồng được chấm bài.",
                          "Only markers and the chair mark."})
                : Respond(req, http::status::forbidden, kHtml, pages::ForbiddenPage(r.lang));
  }
  if (parts.size() == 1 && get) {
    return ListPage(r, staff);
  }
  for (size_t i = 1; i < parts.size() && i < 4; ++i) {
    if (!web::IsSafeName(parts[i])) {
      return Respond(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
    }
  }
  if (post) {
    web::Params form = web::ParseForm(req.body());
    if (!auth_.CsrfOk(r, staff, form["csrf"])) {
      return Refuse(
          req, r.lang,
          {http::status::forbidden, "bad_csrf", "Thiếu hoặc sai mã bảo vệ; hãy tải lại trang.",
           "Missing or wrong CSRF token."});
    }
  }
  if (parts.size() == 4 && get) {
    return CasePage(r, staff, parts[1], parts[2], parts[3]);
  }
  if (parts.size() == 4 && post) {
    return Post(r, staff, parts[1], parts[2], parts[3], false);
  }
  if (parts.size() == 5 && post && parts[4] == "decide") {
    return Post(r, staff, parts[1], parts[2], parts[3], true);
  }
  if (parts.size() == 6 && get && (parts[4] == "file" || parts[4] == "solution")) {
    return Download(r, staff, parts[1], parts[2], parts[3], parts[4], parts[5]);
  }
  return Respond(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
}

HttpResponse MarkingDesk::ListPage(const WebRequest& r, const Staff& staff) {
  const bool chair = staff.role == "head";
  Result<std::vector<centre::MarkingCase>> cases = store_.WithDatabase([&](store::Database& db) {
    return centre::ListMarkingCases(db, "", chair ? "" : staff.username);
  });
  if (!cases.ok()) {
    return Unavailable(r.http, r.lang, cases.status());
  }
  return Respond(r.http, http::status::ok, kHtml,
                 pages::MarkingListPage(r.lang, Viewer(staff), *cases));
}

namespace {

// The case `code`/`subpart` of `session` as `staff` may see it: NotFound when it does not exist
// or is not theirs (a marker learns nothing of other codes).
Result<CaseView> LoadView(store::Database& db, const Staff& staff, const std::string& session,
                          const std::string& code, const std::string& subpart) {
  Result<centre::MarkingCase> c = centre::GetMarkingCase(db, session, code, subpart);
  if (!c.ok()) {
    return c.status();
  }
  if (staff.role != "head" && !c->RoundOf(staff.username)) {
    return Status::NotFound("not assigned");
  }
  CaseView v;
  v.c = std::move(c).value();
  KHAOTHI_ASSIGN_OR_RETURN(v.files, centre::WorkToMark(db, v.c));
  KHAOTHI_ASSIGN_OR_RETURN(v.instructions, PackageFile(db, v.c.task.instructions.sha256));
  // Both markers and the chair see the same proposal: the latest run, while it read the files
  // shown.
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<centre::ProposalRun> latest,
                           centre::LatestProposal(db, v.c.session_id, v.c.sbd, v.c.task.id));
  if (latest) {
    if (latest->task_version == v.c.task.version && centre::IsCurrent(*latest, v.files)) {
      v.proposal = std::move(latest);
    } else {
      v.proposal_stale = true;
    }
  }
  if (staff.role == "head") {
    v.first_name = FullName(db, v.c.first_marker);
    v.second_name = FullName(db, v.c.second_marker);
    if (v.c.decision) {
      v.decider_name = FullName(db, v.c.decision->marker);
    }
  }
  return v;
}

HttpResponse CaseNotFound(const WebRequest& r) {
  return Refuse(
      r.http, r.lang,
      {http::status::not_found, "not_found", "Không có bài này trong số bài được giao cho bạn.",
       "No such work among the work assigned to you."});
}

}  // namespace

HttpResponse MarkingDesk::CasePage(const WebRequest& r, const Staff& staff,
                                   const std::string& session, const std::string& code,
                                   const std::string& subpart) {
  Result<CaseView> v = store_.WithDatabase(
      [&](store::Database& db) { return LoadView(db, staff, session, code, subpart); });
  if (!v.ok()) {
    return v.status().IsNotFound() ? CaseNotFound(r) : Unavailable(r.http, r.lang, v.status());
  }
  const std::string notice = r.query.count("saved") == 0U ? ""
                             : r.lang == Lang::kVi        ? "Đã lưu điểm."
                                                          : "Marks saved.";
  if (staff.role == "head") {
    return Respond(r.http, http::status::ok, kHtml,
                   pages::ChairPage(r.lang, Viewer(staff), *v, nullptr, "", notice, tz_));
  }
  return Respond(r.http, http::status::ok, kHtml,
                 pages::MarkerPage(r.lang, Viewer(staff), *v, *v->c.RoundOf(staff.username),
                                   nullptr, "", notice, tz_));
}

HttpResponse MarkingDesk::Post(const WebRequest& r, const Staff& staff, const std::string& session,
                               const std::string& code, const std::string& subpart, bool decide) {
  web::Params form = web::ParseForm(r.http.body());
  std::map<std::string, std::string> marks;
  for (const auto& [key, value] : form) {
    if (key.starts_with("m:")) {
      marks[key.substr(2)] = value;
    }
  }
  if (!decide && form.count("accept") != 0U && staff.role != "head") {
    return Accept(r, staff, session, code, subpart, form, std::move(marks));
  }
  const centre::Change change{staff.Actor(), NowMs(clock_)};
  std::optional<CaseView> view;
  Status outcome = store_.WithDatabase([&](store::Database& db) -> Status {
    // Visibility first: a marker posting to a case that is not theirs gets the same answer as
    // for one that does not exist.
    Result<CaseView> v = LoadView(db, staff, session, code, subpart);
    if (!v.ok()) {
      return v.status();
    }
    const std::optional<std::vector<std::string>> seen = ReadSeen(form);
    Status s = decide ? centre::DecideMarks(db, session, code, subpart, staff.username, marks,
                                            form["reason"], change, seen)
                            .status()
                      : (staff.role == "head"
                             ? Status::PermissionDenied(
                                   centre::Bilingual("chủ tịch hội đồng không chấm vòng 1, vòng 2",
                                                     "the chair does not mark rounds 1 and 2"))
                             : centre::EnterMarks(db, session, code, subpart, staff.username, marks,
                                                  form["note"], change, seen)
                                   .status());
    if (!s.ok()) {
      view = std::move(v).value();
    }
    return s;
  });
  if (outcome.ok()) {
    // Post/redirect/get: reloading the page does not post the marks again.
    return Redirect(r.http, "/marking/" + session + "/" + code + "/" + subpart + "?saved=1");
  }
  if (!view) {
    return outcome.IsNotFound() ? CaseNotFound(r) : Unavailable(r.http, r.lang, outcome);
  }
  const std::string error = centre::Localize(outcome.message(), r.lang == Lang::kEn);
  const http::status code_status = StatusFor(outcome);
  view->typed_note = form[decide ? "reason" : "note"];
  if (staff.role == "head") {
    return Respond(r.http, code_status, kHtml,
                   pages::ChairPage(r.lang, Viewer(staff), *view, &marks, error, "", tz_));
  }
  return Respond(r.http, code_status, kHtml,
                 pages::MarkerPage(r.lang, Viewer(staff), *view, *view->c.RoundOf(staff.username),
                                   &marks, error, "", tz_));
}

HttpResponse MarkingDesk::Accept(const WebRequest& r, const Staff& staff,
                                 const std::string& session, const std::string& code,
                                 const std::string& subpart, web::Params& form,
                                 std::map<std::string, std::string> marks) {
  Result<CaseView> v = store_.WithDatabase(
      [&](store::Database& db) { return LoadView(db, staff, session, code, subpart); });
  if (!v.ok()) {
    return v.status().IsNotFound() ? CaseNotFound(r) : Unavailable(r.http, r.lang, v.status());
  }
  // Fills the accepted lines with the proposal and shows the form again: nothing is saved until
  // the marker presses "Lưu điểm".
  const std::string which = form["accept"];
  int filled = 0;
  if (v->proposal) {
    for (const centre::ProposalLine& p : v->proposal->lines) {
      if (p.proposed && (which == "*" || which == p.code)) {
        marks[p.code] = engine::FormatPoints(*p.proposed);
        ++filled;
      }
    }
  }
  v->typed_note = form["note"];
  const bool en = r.lang == Lang::kEn;
  const std::string notice =
      filled > 0 ? (en ? "Proposed marks filled in; check them and press Save marks."
                       : "Đã điền điểm đề xuất; kiểm tra rồi bấm Lưu điểm.")
                 : "";
  const std::string error = filled > 0 ? ""
                            : en       ? "There is no current proposal for that line."
                                 : "Không có điểm đề xuất hiện hành cho ý này.";
  return Respond(r.http, filled > 0 ? http::status::ok : http::status::conflict, kHtml,
                 pages::MarkerPage(r.lang, Viewer(staff), *v, *v->c.RoundOf(staff.username), &marks,
                                   error, notice, tz_));
}

HttpResponse MarkingDesk::Download(const WebRequest& r, const Staff& staff,
                                   const std::string& session, const std::string& code,
                                   const std::string& subpart, const std::string& kind,
                                   const std::string& name) {
  Result<CaseView> v = store_.WithDatabase(
      [&](store::Database& db) { return LoadView(db, staff, session, code, subpart); });
  if (!v.ok()) {
    return v.status().IsNotFound() ? CaseNotFound(r) : Unavailable(r.http, r.lang, v.status());
  }
  std::optional<std::string> sha;
  if (kind == "file") {
    for (const centre::MarkedFile& f : v->files) {
      if (f.name == name) {
        sha = f.sha256;
      }
    }
  } else {
    for (const engine::PracticalFile& f : v->c.task.solutions) {
      if (f.name == name) {
        sha = f.sha256;
      }
    }
  }
  if (!sha) {
    return CaseNotFound(r);
  }
  Result<std::string> bytes =
      kind == "file"
          ? centre::ReadWorkBlob(centre_dir_, *sha)
          : store_.WithDatabase([&](store::Database& db) { return PackageFile(db, *sha); });
  if (!bytes.ok()) {
    return Unavailable(r.http, r.lang, bytes.status());
  }
  // Always an attachment of an opaque type: a work file is the candidate's, and is never run or
  // rendered by the browser on the dashboard's origin (an .html "spreadsheet" stays a download).
  HttpResponse res =
      Respond(r.http, http::status::ok, "application/octet-stream", std::move(bytes).value());
  res.set(http::field::content_disposition,
          "attachment; filename=\"" + code + "-" + subpart + "-" + name + "\"");
  return res;
}

}  // namespace khaothi::server::dashboard
