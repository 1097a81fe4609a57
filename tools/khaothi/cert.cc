// khaothi cert stock | issue | list | export | print | register | revoke.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include <boost/json.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/centre/signed_record.h"

#include "issuing.h"
#include "render.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::vector<std::string> Rest(const std::vector<std::string>& args) {
  return args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
}

std::string Str(const json::object& o, const char* k) {
  const json::value* v = o.if_contains(k);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

int Stock(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi cert stock");
  desc.add_options()("type", po::value<std::string>()->default_value("UDCNTT-CB"),
                     m("loại chứng chỉ: UDCNTT-CB (cơ bản) hoặc UDCNTT-NC (nâng cao)",
                       "certificate type: UDCNTT-CB (basic) or UDCNTT-NC (advanced)")
                         .data())(
      "pattern", po::value<std::string>()->required(),
      m("mẫu số hiệu phôi: {seq:N} là số thứ tự phôi N chữ số, {YY}/{YYYY} là năm cấp, "
        "{type} là loại; ví dụ CNTT{YY}-{seq:06} cho CNTT26-001001",
        "the blank's serial: {seq:N} the stock number in N digits, {YY}/{YYYY} the issue year, "
        "{type} the type; e.g. CNTT{YY}-{seq:06} for CNTT26-001001")
          .data())(
      "first", po::value<int64_t>()->required(),
      m("số thứ tự phôi đầu tiên, ví dụ 1001", "the first stock number, e.g. 1001").data())(
      "last", po::value<int64_t>()->required(),
      m("số thứ tự phôi cuối cùng, ví dụ 1500", "the last stock number, e.g. 1500").data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "cert stock --pattern P --first N --last M [--type T]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Status s = centre::ConfigureBlankStock(c->db, vm["type"].as<std::string>(),
                                         vm["pattern"].as<std::string>(), vm["first"].as<int64_t>(),
                                         vm["last"].as<int64_t>(), centre::CliChange());
  if (!s.ok()) {
    return Fail(g, s);
  }
  const int64_t first = vm["first"].as<int64_t>();
  const int64_t last = vm["last"].as<int64_t>();
  std::cout << m("Đã ghi kho phôi ", "Recorded the blank stock of ") << vm["type"].as<std::string>()
            << ": " << last - first + 1 << m(" phôi, số thứ tự ", " blanks, stock numbers ")
            << first << m(" đến ", " to ") << last
            << m(", số hiệu theo mẫu ", ", serials from the pattern ")
            << vm["pattern"].as<std::string>() << "\n";
  return 0;
}

int Issue(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi cert issue SESSION");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "type", po::value<std::string>()->default_value("UDCNTT-CB"),
      m("loại chứng chỉ: UDCNTT-CB (cơ bản) hoặc UDCNTT-NC (nâng cao)",
        "certificate type: UDCNTT-CB (basic) or UDCNTT-NC (advanced)")
          .data())("date", po::value<std::string>(),
                   m("ngày cấp YYYY-MM-DD (mặc định hôm nay), ví dụ 2026-12-15",
                     "issue date YYYY-MM-DD (default today), e.g. 2026-12-15")
                       .data());
  AddKeyOptions(g, desc);
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "cert issue SESSION [--type T] [--date D]", g)) {
    return 0;
  }
  Result<SigningCentre> opened = OpenCentreToSign(g, vm);
  if (!opened.ok()) {
    return Fail(g, opened.status());
  }
  CentreHandle& c = opened->centre;
  const crypto::SigningKey& key = opened->key;
  centre::IssueOptions options;
  options.cert_type = vm["type"].as<std::string>();
  options.issued_date = OptionOr(vm, "date", Today());
  const int year = options.issued_date.size() >= 4 ? std::atoi(options.issued_date.c_str()) : 0;
  options.on_issued = [&m, year](int number, const std::string& sbd) {
    std::cout << m("đã cấp chứng chỉ số ", "issued certificate ")
              << centre::RegisterLabel(number, year) << m(" cho thí sinh ", " to candidate ") << sbd
              << std::endl;
  };
  const std::string session = vm["session"].as<std::string>();
  const centre::Change change = centre::CliChange();
  Result<std::vector<centre::CertificateInfo>> r =
      centre::IssueCertificates(c.db, key, session, options, change);
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  std::cout << m("Đã cấp ", "Issued ") << r->size() << m(" chứng chỉ", " certificates") << "\n";
  // Who passes now but is not on the approved list (a re-mark, phúc khảo) gets nothing until the
  // head amends the decision: say so, and fail when that is why nothing was issued.
  Result<std::vector<std::string>> waiting =
      centre::AwaitingAmendment(c.db, session, options.cert_type, change.at_ms);
  if (!waiting.ok()) {
    return Fail(g, waiting.status());
  }
  if (!waiting->empty()) {
    std::string list;
    for (const std::string& sbd : *waiting) {
      list += (list.empty() ? "" : ", ") + sbd;
    }
    std::cerr << "khaothi: " << waiting->size()
              << m(" thí sinh đạt theo kết quả hiện tại nhưng không có trong quyết định phê duyệt "
                   "nên chưa được cấp chứng chỉ: ",
                   " candidates pass by the current results but are not on the approval decision, "
                   "so they get no certificate: ")
              << list << ".\n"
              << m("Cần quyết định sửa đổi: khaothi approve ",
                   "An amended decision is needed: "
                   "khaothi approve ")
              << session
              << m(" --amend --reason LÝ_DO --decision-no SỐ --date NGÀY",
                   " --amend --reason WHY --decision-no NO --date DATE")
              << m(", rồi chạy lại khaothi cert issue.", ", then run khaothi cert issue again.")
              << "\n";
    if (r->empty()) {
      return 1;
    }
  } else if (r->empty()) {
    std::cout << m("Mọi thí sinh trong quyết định phê duyệt đã có chứng chỉ; không cấp thêm.",
                   "Every candidate on the approval decision holds a certificate already; "
                   "nothing more to issue.")
              << "\n";
  }
  return 0;
}

// The holder's scores as printed: theory first, then the other parts, "Lý thuyết: 8,50".
std::vector<std::pair<std::string, std::string>> PrintedScores(const json::object& rec) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const json::value* scores = rec.if_contains("scores"); scores && scores->is_object()) {
    for (const auto& kv : scores->as_object()) {
      out.emplace_back(std::string(kv.key()),
                       kv.value().is_string() ? std::string(kv.value().as_string()) : "");
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return PartRank(a.first) < PartRank(b.first);
  });
  for (auto& [name, score] : out) {
    name = PartLabel(name, false);
    score = DecimalComma(score);
  }
  return out;
}

// The register form (sổ gốc cấp chứng chỉ): one row per certificate.
AdminDocument RegisterDocument(const std::vector<centre::CertificateInfo>& certs,
                               const centre::CentreInfo& info, const std::string& issuer) {
  AdminDocument doc;
  doc.supervisor = info.supervisor;
  doc.centre = info.name;
  doc.place_date = PlaceAndDate(info.place, Today());
  doc.title = "SỔ GỐC CẤP CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN";
  doc.header = {"STT",     "Họ và tên", "Ngày sinh", "Nơi sinh",          "Giới tính", "Kết quả",
                "Số hiệu", "Số vào sổ", "Ngày cấp",  "Chữ ký người nhận", "Ghi chú"};
  doc.nowrap = {false, true, true, false, false, false, true, true, true, false, false};
  doc.weights = {0.3, 1.6, 1, 1.2, 0.6, 1.8, 1, 1, 1, 1.3, 1.6};
  std::set<int> years;
  for (const centre::CertificateInfo& ci : certs) {
    Result<centre::SignedRecord> env = centre::ParseEnvelope(ci.signed_json);
    json::object rec = env.ok() ? env->record : json::object{};
    const json::object holder = rec.contains("holder") && rec["holder"].is_object()
                                    ? rec["holder"].as_object()
                                    : json::object{};
    const json::object decision = rec.contains("decision") && rec["decision"].is_object()
                                      ? rec["decision"].as_object()
                                      : json::object{};
    std::string result = Str(rec, "result");
    for (const auto& [part, score] : PrintedScores(rec)) {
      result += "\n" + part + ": " + score;
    }
    std::string note =
        "QĐ " + Str(decision, "no") + " ngày " + VietnameseDate(Str(decision, "date"));
    if (ci.revoked) {
      note += "\nĐã thu hồi";
    }
    doc.rows.push_back({std::to_string(doc.rows.size() + 1), ci.full_name,
                        VietnameseDate(ci.date_of_birth), Str(holder, "place_of_birth"),
                        Str(holder, "sex"), result, ci.serial,
                        centre::RegisterLabel(ci.register_no, ci.year),
                        VietnameseDate(Str(rec, "issued_date")), "", note});
    years.insert(ci.year);
  }
  if (years.size() == 1) {
    doc.subtitle.push_back("Năm " + std::to_string(*years.begin()));
  }
  doc.notes.push_back("Tổng số chứng chỉ: " + std::to_string(certs.size()));
  doc.signatures = {{"NGƯỜI LẬP SỔ", "(Ký, ghi rõ họ tên)", ""},
                    {"THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)", issuer}};
  return doc;
}

int List(Globals& g, const std::vector<std::string>& args, bool export_register) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi cert list|register");
  desc.add_options()("type", po::value<std::string>()->default_value(""),
                     m("chỉ loại chứng chỉ này, ví dụ UDCNTT-CB (mặc định: mọi loại)",
                       "only this certificate type, e.g. UDCNTT-CB (default: every type)")
                         .data())("year", po::value<int>()->default_value(0),
                                  m("chỉ năm cấp này, ví dụ 2026 (mặc định: mọi năm)",
                                    "only this issue year, e.g. 2026 (default: every year)")
                                      .data())(
      "out", po::value<std::string>()->default_value("."),
      m("register: thư mục ghi so-goc.pdf và so-goc.xlsx, ví dụ so-goc/",
        "register: the directory for so-goc.pdf and so-goc.xlsx, e.g. so-goc/")
          .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "cert list|register [--type T] [--year Y] [--out DIR]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::vector<centre::CertificateInfo>> certs =
      centre::ListCertificates(c->db, vm["type"].as<std::string>(), vm["year"].as<int>());
  if (!certs.ok()) {
    return Fail(g, certs.status());
  }
  if (!export_register) {
    for (const centre::CertificateInfo& ci : *certs) {
      std::cout << FitWidth(centre::RegisterLabel(ci.register_no, ci.year), 14)
                << FitWidth(ci.serial, 18) << FitWidth(ci.full_name, 28)
                << FitWidth(VietnameseDate(ci.date_of_birth), 12)
                << (ci.revoked ? m("Đã thu hồi", "Revoked") : "") << "\n";
    }
    return 0;
  }
  Result<centre::CentreInfo> info = centre::GetCentre(c->db);
  if (!info.ok()) {
    return Fail(g, info.status());
  }
  Result<centre::Issuer> issuer = centre::ActiveIssuer(c->db);
  const AdminDocument doc =
      RegisterDocument(*certs, *info, issuer.ok() ? issuer->holder : std::string());
  const fs::path out(vm["out"].as<std::string>());
  std::error_code ec;
  fs::create_directories(out, ec);
  const std::string base = (out / "so-goc").string();
  if (Status s = WriteDocumentXlsx(base + ".xlsx", "Sổ gốc", doc); !s.ok()) {
    return Fail(g, s);
  }
  if (Status s = WriteDocumentPdf(base + ".pdf", doc); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Sổ gốc: ", "Register: ") << base << ".pdf, " << base << ".xlsx ("
            << doc.rows.size() << ")\n";
  return 0;
}

// Resolves NUMBER arguments (or every certificate of --session) to certificates.
Result<std::vector<centre::CertificateInfo>> Select(store::Database& db,
                                                    const std::vector<std::string>& numbers,
                                                    const std::string& session) {
  std::vector<centre::CertificateInfo> out;
  if (!session.empty()) {
    Result<std::vector<centre::CertificateInfo>> all = centre::ListCertificates(db, "", 0);
    if (!all.ok()) {
      return all.status();
    }
    for (centre::CertificateInfo& ci : *all) {
      if (ci.session_id == session) {
        out.push_back(std::move(ci));
      }
    }
  }
  for (const std::string& n : numbers) {
    Result<centre::CertificateInfo> ci = centre::FindCertificate(db, n);
    if (!ci.ok()) {
      return ci.status();
    }
    out.push_back(std::move(ci).value());
  }
  if (out.empty()) {
    return Status::NotFound(
        centre::Bilingual("không chọn chứng chỉ nào (cho SỐ/NĂM, số hiệu hoặc --session)",
                          "no certificate selected (give NUMBER/YEAR, a serial or --session)"));
  }
  return out;
}

int ExportOrPrint(Globals& g, const std::vector<std::string>& args, bool print) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi cert export|print");
  desc.add_options()("number", po::value<std::vector<std::string>>(),
                     m("số vào sổ/năm hoặc số hiệu, ví dụ 12/2026 hoặc CNTT26-001012",
                       "register number/year or serial, e.g. 12/2026 or CNTT26-001012")
                         .data())("session", po::value<std::string>()->default_value(""),
                                  m("mọi chứng chỉ của ca thi này, ví dụ 2026-12-05-S1",
                                    "every certificate of this session, e.g. 2026-12-05-S1")
                                      .data())(
      "out", po::value<std::string>()->required(),
      print ? m("tệp PDF để in, ví dụ chung-chi.pdf", "the PDF to print, e.g. chung-chi.pdf").data()
            : m("thư mục ghi các tệp .json, .record.json, .sig, .token, .qr, ví dụ chung-chi/",
                "the directory for the .json, .record.json, .sig, .token, .qr files, e.g. "
                "chung-chi/")
                  .data());
  if (print) {
    desc.add_options()("revoked-copy",
                       m("in cả chứng chỉ đã thu hồi, thành bản lưu có dấu ĐÃ THU HỒI",
                         "also print revoked certificates, as file copies stamped ĐÃ THU HỒI")
                           .data())(
        "digital", m("bản điện tử: ghi \"(Đã ký số)\" thay cho chỗ ký và đóng dấu",
                     "the digital copy: \"(Đã ký số)\" instead of room for the hand signature and "
                     "seal")
                       .data());
  }
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("number", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm,
                 print ? "cert print NUMBER... | --session S --out FILE.pdf [--digital] "
                         "[--revoked-copy]"
                       : "cert export NUMBER... | --session S --out DIR",
                 g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::vector<centre::CertificateInfo>> certs =
      Select(c->db,
             vm.count("number") != 0U ? vm["number"].as<std::vector<std::string>>()
                                      : std::vector<std::string>(),
             vm["session"].as<std::string>());
  if (!certs.ok()) {
    return Fail(g, certs.status());
  }
  const std::string out = vm["out"].as<std::string>();
  if (!print) {
    std::error_code ec;
    fs::create_directories(out, ec);
    for (const centre::CertificateInfo& ci : *certs) {
      Result<centre::SignedRecord> env = centre::ParseEnvelope(ci.signed_json);
      if (!env.ok()) {
        return Fail(g, env.status());
      }
      const std::string base = (fs::path(out) / (ci.cert_type + "-" + std::to_string(ci.year) +
                                                 "-" + std::to_string(ci.register_no)))
                                   .string();
      // The envelope, the exact signed bytes, the raw signature and the QR token.
      Status s = crypto::WritePublicFile(base + ".json", ci.signed_json);
      if (s.ok()) {
        s = crypto::WritePublicFile(base + ".record.json", env->canonical);
      }
      if (s.ok()) {
        s = crypto::WritePublicFile(base + ".sig", env->signature);
      }
      if (s.ok()) {
        s = crypto::WritePublicFile(base + ".token", centre::EnvelopeToken(ci.signed_json) + "\n");
      }
      if (s.ok()) {
        // What the printed QR code holds (the compact token of a v2 certificate).
        Result<std::string> qr = centre::CertificateQrText(ci.signed_json);
        s = qr.ok() ? crypto::WritePublicFile(base + ".qr", *qr + "\n") : qr.status();
      }
      if (s.ok() && ci.revoked) {
        s = crypto::WritePublicFile(base + ".revocation.json", ci.revocation_json);
      }
      if (!s.ok()) {
        return Fail(g, s);
      }
      std::cout << base << ".json\n";
    }
    return 0;
  }
  // A revoked certificate is never printed as if it were valid: only as a stamped file copy, and
  // only when asked for.
  if (vm.count("revoked-copy") == 0U) {
    std::string revoked;
    for (const centre::CertificateInfo& ci : *certs) {
      if (ci.revoked) {
        revoked += (revoked.empty() ? "" : ", ") + centre::RegisterLabel(ci.register_no, ci.year);
      }
    }
    if (!revoked.empty()) {
      return Fail(g, Status::FailedPrecondition(
                         std::string(m("chứng chỉ đã bị thu hồi, không in như bản hợp lệ: ",
                                       "revoked, not printed as valid: ")) +
                         revoked +
                         std::string(m(". Bản lưu hồ sơ có dấu ĐÃ THU HỒI: thêm --revoked-copy; "
                                       "không in trang nào.",
                                       ". For a file copy stamped ĐÃ THU HỒI add --revoked-copy; "
                                       "nothing was printed."))));
    }
  }
  Result<centre::CentreInfo> info = centre::GetCentre(c->db);
  if (!info.ok()) {
    return Fail(g, info.status());
  }
  std::vector<CertificatePage> pages;
  for (const centre::CertificateInfo& ci : *certs) {
    Result<centre::SignedRecord> env = centre::ParseEnvelope(ci.signed_json);
    if (!env.ok()) {
      return Fail(g, env.status());
    }
    Result<std::string> qr = centre::CertificateQrText(ci.signed_json);
    if (!qr.ok()) {
      return Fail(g, qr.status());
    }
    json::object& rec = env->record;
    const json::object& holder = rec["holder"].as_object();
    const json::object& centre_o = rec["centre"].as_object();
    const json::object& signer = rec["signer"].as_object();
    CertificatePage p;
    p.centre_name = Str(centre_o, "name");
    std::string title = Str(rec, "title");
    // Upper case of the fixed title (the only text drawn in capitals).
    p.title = title == "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"
                  ? "CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN"
                  : "CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN";
    const json::object& decision = rec["decision"].as_object();
    p.lines = {{"Họ và tên:", Str(holder, "full_name")},
               {"Ngày sinh:", VietnameseDate(Str(holder, "date_of_birth"))},
               {"Nơi sinh:", Str(holder, "place_of_birth")},
               {"Giới tính:", Str(holder, "sex")},
               {"Ngày thi:", VietnameseDate(Str(rec, "exam_date"))}};
    for (auto [part, score] : PrintedScores(rec)) {
      // "Điểm lý thuyết" (the part names start with an ASCII capital).
      if (!part.empty() && part[0] >= 'A' && part[0] <= 'Z') {
        part[0] = static_cast<char>(part[0] - 'A' + 'a');
      }
      p.lines.emplace_back("Điểm " + part + ":", score);
    }
    p.lines.emplace_back("Kết quả:", Str(rec, "result"));
    p.lines.emplace_back("Quyết định công nhận:",
                         Str(decision, "no") + " ngày " + VietnameseDate(Str(decision, "date")));
    // The place signed into the record (v2), else the centre's place today.
    const std::string place = Str(rec, "place");
    p.place_date = PlaceAndDate(place.empty() ? info->place : place, Str(rec, "issued_date"));
    p.signer_title = Str(signer, "title");
    p.signer_name = Str(signer, "name");
    p.serial = ci.serial;
    p.register_no = centre::RegisterLabel(ci.register_no, ci.year);
    p.qr_payload = *qr;
    p.digital = vm.count("digital") != 0U;
    if (ci.revoked) {
      Result<centre::SignedRecord> rev = centre::ParseEnvelope(ci.revocation_json);
      if (!rev.ok()) {
        return Fail(g, rev.status());
      }
      const json::object& rr = rev->record;
      const std::string no = Str(rr, "decision_no");
      p.revoked_mark = {(no.empty() ? std::string("Thu hồi") : "Theo Quyết định thu hồi số " + no) +
                            " ngày " + VietnameseDate(Str(rr, "revoked_date")),
                        "Lý do: " + Str(rr, "reason"), "Bản lưu hồ sơ, không có giá trị sử dụng"};
    }
    pages.push_back(std::move(p));
  }
  if (Status s = WriteCertificatesPdf(out, pages); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << out << " (" << pages.size() << m(" trang)", " pages)") << "\n";
  return 0;
}

int Revoke(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi cert revoke NUMBER");
  desc.add_options()("number", po::value<std::string>()->required(),
                     m("số vào sổ/năm hoặc số hiệu, ví dụ 12/2026 hoặc CNTT26-001012",
                       "register number/year or serial, e.g. 12/2026 or CNTT26-001012")
                         .data())("reason", po::value<std::string>()->required(),
                                  m("lý do thu hồi", "why").data())(
      "date", po::value<std::string>(),
      m("ngày thu hồi YYYY-MM-DD (mặc định hôm nay), ví dụ 2026-12-20",
        "revocation date YYYY-MM-DD (default today), e.g. 2026-12-20")
          .data())("decision-no", po::value<std::string>(),
                   m("số quyết định thu hồi", "the revocation decision's number").data());
  AddKeyOptions(g, desc);
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("number", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm,
                 "cert revoke NUMBER --reason R [--decision-no N] [--date YYYY-MM-DD]", g)) {
    return 0;
  }
  Result<SigningCentre> opened = OpenCentreToSign(g, vm);
  if (!opened.ok()) {
    return Fail(g, opened.status());
  }
  CentreHandle& c = opened->centre;
  const crypto::SigningKey& key = opened->key;
  Result<centre::CertificateInfo> r = centre::RevokeCertificate(
      c.db, key, vm["number"].as<std::string>(), vm["reason"].as<std::string>(),
      OptionOr(vm, "date", Today()), centre::CliChange(), OptionOr(vm, "decision-no", ""));
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  std::cout << m("Đã thu hồi chứng chỉ ", "Revoked certificate ")
            << centre::RegisterLabel(r->register_no, r->year) << " (" << r->serial << ")\n";
  return 0;
}

}  // namespace

int CmdCert(Globals& g, const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? std::string() : args[0];
  if (sub == "stock") {
    return Stock(g, Rest(args));
  }
  if (sub == "issue") {
    return Issue(g, Rest(args));
  }
  if (sub == "list") {
    return List(g, Rest(args), false);
  }
  if (sub == "register") {
    return List(g, Rest(args), true);
  }
  if (sub == "export") {
    return ExportOrPrint(g, Rest(args), false);
  }
  if (sub == "print") {
    return ExportOrPrint(g, Rest(args), true);
  }
  if (sub == "revoke") {
    return Revoke(g, Rest(args));
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << g.msg("cách dùng: ", "usage: ")
      << "khaothi cert stock|issue SESSION|list|register|export N|print N|revoke N --reason R\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
