// GET /lookup: the public lookup as an HTML page, with no script and no inline style (the
// security headers' Content-Security-Policy allows neither), so it works in any browser.
#include <string>

#include <boost/json.hpp>

#include "khaothi/registry/lookup.h"
#include "khaothi/web/html.h"

namespace khaothi::registry {
namespace {

namespace json = boost::json;
using web::HtmlEscape;

struct Text {
  bool english;
  std::string_view operator()(std::string_view vi, std::string_view en) const {
    return english ? en : vi;
  }
};

std::string Param(const web::Params& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string StringOf(const json::value* v) {
  if (v == nullptr) {
    return "";
  }
  if (v->is_string()) {
    return std::string(v->as_string());
  }
  if (v->is_int64() || v->is_uint64()) {
    return json::serialize(*v);
  }
  return "";
}

std::string At(const json::object& o, std::string_view a, std::string_view b = "") {
  const json::value* v = o.if_contains(a);
  if (!b.empty()) {
    v = v != nullptr && v->is_object() ? v->as_object().if_contains(b) : nullptr;
  }
  return StringOf(v);
}

// "2026-12-05" as "05/12/2026", the way a Vietnamese reader writes a date; other text as it is.
std::string Date(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

void Row(std::string& out, std::string_view label, const std::string& value) {
  if (value.empty()) {
    return;
  }
  out += "<tr><th scope=\"row\">";
  out += HtmlEscape(label);
  out += "</th><td>";
  out += HtmlEscape(value);
  out += "</td></tr>\n";
}

void Match(std::string& out, const LookupMatch& m, const Text& t) {
  const json::object& f = m.fields;
  out += "<section class=\"match\">\n";
  if (m.status == "revoked") {
    out += "<h2 class=\"revoked\">";
    out += HtmlEscape(t("Chứng chỉ ĐÃ BỊ THU HỒI", "This certificate has been REVOKED"));
    out += "</h2>\n<p>";
    out += HtmlEscape(t("Ngày thu hồi: ", "Revoked on: ")) + HtmlEscape(Date(m.revoked_date));
    out += "<br>" + HtmlEscape(t("Lý do: ", "Reason: ")) + HtmlEscape(m.revocation_reason);
    if (!m.revocation_decision_no.empty()) {
      out += "<br>" + HtmlEscape(t("Quyết định thu hồi số: ", "Revocation decision no.: ")) +
             HtmlEscape(m.revocation_decision_no);
    }
    out += "</p>\n";
  } else {
    out += "<h2 class=\"valid\">";
    out += HtmlEscape(t("Chứng chỉ hợp lệ", "This certificate is valid"));
    out += "</h2>\n";
  }
  out += "<table>\n";
  Row(out, t("Họ và tên", "Full name"), At(f, "holder", "full_name"));
  Row(out, t("Ngày sinh", "Date of birth"), Date(At(f, "holder", "date_of_birth")));
  Row(out, t("Giới tính", "Sex"), At(f, "holder", "sex"));
  Row(out, t("Nơi sinh", "Place of birth"), At(f, "holder", "place_of_birth"));
  Row(out, t("Chứng chỉ", "Certificate"), At(f, "title"));
  Row(out, t("Số hiệu", "Serial"), At(f, "serial"));
  Row(out, t("Số vào sổ cấp chứng chỉ", "Register number"), At(f, "register"));
  Row(out, t("Ngày thi", "Exam date"), Date(At(f, "exam_date")));
  if (const json::value* s = f.if_contains("scores"); s != nullptr && s->is_object()) {
    std::string scores;
    for (const auto& [part, score] : s->as_object()) {
      scores += (scores.empty() ? "" : "; ") + std::string(part) + ": " + StringOf(&score);
    }
    Row(out, t("Điểm", "Scores"), scores);
  }
  Row(out, t("Kết quả", "Result"), At(f, "result"));
  Row(out, t("Đơn vị cấp", "Issued by"), At(f, "centre", "name"));
  Row(out, t("Ngày cấp", "Issued on"), Date(At(f, "issued_date")));
  const std::string decision = At(f, "decision", "no");
  if (!decision.empty()) {
    Row(out, t("Quyết định công nhận kết quả", "Results decision"),
        decision + " (" + Date(At(f, "decision", "date")) + ")");
  }
  Row(out, t("Người ký", "Signed by"), At(f, "signer", "name") + ", " + At(f, "signer", "title"));
  out += "</table>\n";
  out += "<details><summary>";
  out +=
      HtmlEscape(t("Bản ghi đã ký, để kiểm tra ngoại tuyến", "Signed records, to check offline"));
  out += "</summary>\n<p>";
  out +=
      HtmlEscape(t("Kiểm tra bằng khaothi-verify hoặc openssl (Ed25519) với khóa công khai dưới "
                   "đây; phần \"record\" là đúng các byte đã ký.",
                   "Check with khaothi-verify or openssl (Ed25519) against the public key "
                   "below; the \"record\" part is exactly the signed bytes."));
  out += "</p>\n";
  if (!m.certificate.empty()) {
    out += "<h3>" + HtmlEscape(t("Chứng chỉ", "Certificate")) + "</h3>\n<pre>" +
           HtmlEscape(m.certificate) + "</pre>\n";
  } else {
    out += "<p>";
    out +=
        HtmlEscape(t("Bản ghi chứng chỉ này (mẫu cũ, khaothi.certificate.v1) chứa số định danh "
                     "của người được cấp nên không công bố; trung tâm cấp cung cấp cho người "
                     "có quyền.",
                     "This certificate's record (the old form, khaothi.certificate.v1) holds "
                     "the holder's ID number, so it is not published; the issuing centre "
                     "gives it to whoever is entitled to it."));
    out += "</p>\n";
  }
  if (!m.revocation.empty()) {
    out += "<h3>" + HtmlEscape(t("Quyết định thu hồi", "Revocation")) + "</h3>\n<pre>" +
           HtmlEscape(m.revocation) + "</pre>\n";
  }
  out += "<h3>" + HtmlEscape(t("Khóa công khai của đơn vị cấp", "The issuer's public key")) +
         "</h3>\n<pre>" + HtmlEscape(m.public_key_pem) + "</pre>\n</details>\n</section>\n";
}

}  // namespace

std::string LookupPage(const web::Params& params, const std::vector<LookupMatch>* matches,
                       std::string_view error, bool english) {
  const Text t{english};
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += english ? "en" : "vi";
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += HtmlEscape(t("Tra cứu chứng chỉ", "Certificate lookup"));
  out += "</title>\n</head>\n<body>\n<header><h1>";
  out += HtmlEscape(
      t("Tra cứu chứng chỉ ứng dụng công nghệ thông tin", "Look up an IT application certificate"));
  out +=
      "</h1>\n<p><a href=\"/lookup\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a> · "
      "<a href=\"/lookup?lang=en\" hreflang=\"en\" lang=\"en\">English</a></p>\n</header>\n"
      "<main>\n<form method=\"get\" action=\"/lookup\">\n";
  if (english) {
    out += "<input type=\"hidden\" name=\"lang\" value=\"en\">\n";
  }
  const auto field = [&](std::string_view name, std::string_view label, std::string_view hint) {
    out += "<p><label for=\"" + std::string(name) + "\">" + HtmlEscape(label) + "</label><br>";
    out += "<input id=\"" + std::string(name) + "\" name=\"" + std::string(name) +
           "\" type=\"text\" required maxlength=\"200\" value=\"" +
           HtmlEscape(Param(params, std::string(name))) + "\" placeholder=\"" + HtmlEscape(hint) +
           "\"></p>\n";
  };
  field("name", t("Họ và tên", "Full name"), t("Nguyễn Văn An", "Nguyễn Văn An"));
  field("dob", t("Ngày sinh", "Date of birth"), t("dd/mm/yyyy", "dd/mm/yyyy or YYYY-MM-DD"));
  field("number", t("Số hiệu hoặc số vào sổ", "Serial or register number"),
        t("số hiệu, hoặc 000012/2026", "the serial, or 000012/2026"));
  out += "<p><button type=\"submit\">";
  out += HtmlEscape(t("Tra cứu", "Look up"));
  out += "</button></p>\n</form>\n";
  if (!error.empty()) {
    out += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>\n";
  } else if (matches != nullptr) {
    if (matches->empty()) {
      out += "<p class=\"not-found\" role=\"status\">";
      out +=
          HtmlEscape(t("Không tìm thấy chứng chỉ nào khớp cả họ tên, ngày sinh và số hiệu "
                       "(hoặc số vào sổ) đã nhập. Hãy kiểm tra lại từng thông tin, kể cả dấu "
                       "của họ tên.",
                       "No certificate matches the full name, date of birth and serial (or "
                       "register number) given. Check each of them, the name's diacritics "
                       "included."));
      out += "</p>\n";
    }
    for (const LookupMatch& m : *matches) {
      Match(out, m, t);
    }
  }
  out += "</main>\n<footer><p>";
  out += HtmlEscape(t("Số định danh cá nhân của người được cấp không bao giờ được công bố.",
                      "The holder's ID number is never published."));
  out += "</p></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace khaothi::registry
