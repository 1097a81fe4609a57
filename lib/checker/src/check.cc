#include "khaothi/checker/check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace khaothi::checker {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kPartial:
      return "partial";
    case Verdict::kFail:
      return "fail";
  }
  return "?";
}

Outcome MakeOutcome(double score, std::string evidence_vi, std::string evidence_en) {
  Outcome out;
  out.score = std::isnan(score) ? 0 : std::clamp(score, 0.0, 1.0);
  out.verdict = out.score >= 1   ? Verdict::kPass
                : out.score <= 0 ? Verdict::kFail
                                 : Verdict::kPartial;
  out.evidence_vi = std::move(evidence_vi);
  out.evidence_en = std::move(evidence_en);
  return out;
}

std::string LooseText(std::string_view text) {
  // White space first, on the UTF-8 bytes: ASCII space, tab, CR, LF and U+00A0.
  std::string spaced;
  bool pending = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool nbsp =
        c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || nbsp) {
      if (nbsp) ++i;
      pending = !spaced.empty();
      continue;
    }
    if (pending) spaced += ' ';
    pending = false;
    spaced += static_cast<char>(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(spaced);
  u.foldCase();
  if (U_SUCCESS(status)) {
    icu::UnicodeString normal = nfc->normalize(u, status);
    if (U_SUCCESS(status)) u = normal;
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Excerpt(std::string_view text) {
  size_t bytes = 0;
  int points = 0;
  while (bytes < text.size() && points < 40) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
    ++points;
  }
  std::string out(text.substr(0, bytes));
  if (bytes < text.size()) out += "…";
  return out;
}

std::string VietnameseNumber(double value, int decimals) {
  // '.' between thousands, ',' before decimals; trailing zero decimals trimmed.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 9), std::fabs(value));
  std::string digits(buf);
  std::string fraction;
  if (const size_t dot = digits.find('.'); dot != std::string::npos) {
    fraction = digits.substr(dot + 1);
    digits.resize(dot);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  }
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += '.';
    grouped += digits[i];
  }
  std::string out = (value < 0 && (grouped != "0" || !fraction.empty()) ? "-" : "") + grouped;
  if (!fraction.empty()) out += "," + fraction;
  return out;
}

// ---- Args ----

namespace {

bool IsKeyChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<Args> Args::Parse(std::string_view text) {
  Args args;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  skip_space();
  while (i < text.size() && IsKeyChar(text[i])) args.kind_ += text[i++];
  if (args.kind_.empty() || (i < text.size() && text[i] != ' ' && text[i] != '\t')) {
    return Status::InvalidArgument(
        "a check starts with its kind in lower case (cell_value, "
        "paragraph_format, ...), got '" +
        std::string(text) + "'");
  }
  for (;;) {
    skip_space();
    if (i >= text.size()) break;
    std::string key;
    while (i < text.size() && IsKeyChar(text[i])) key += text[i++];
    if (key.empty() || i >= text.size() || text[i] != '=') {
      return Status::InvalidArgument(args.kind_ + ": expected key=value at '" +
                                     std::string(text.substr(i)) + "'");
    }
    ++i;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        const char c = text[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < text.size() && (text[i] == '"' || text[i] == '\\')) {
          value += text[i++];
        } else {
          value += c;
        }
      }
      if (!closed) {
        return Status::InvalidArgument(args.kind_ + ": " + key + "= has no closing quote");
      }
      if (i < text.size() && text[i] != ' ' && text[i] != '\t') {
        return Status::InvalidArgument(args.kind_ + ": a space must follow the quoted value of " +
                                       key);
      }
    } else {
      while (i < text.size() && text[i] != ' ' && text[i] != '\t') value += text[i++];
      if (value.empty()) {
        return Status::InvalidArgument(args.kind_ + ": " + key + "= has no value");
      }
    }
    for (const auto& [k, v] : args.values_) {
      if (k == key) return Status::InvalidArgument(args.kind_ + ": " + key + " appears twice");
    }
    args.values_.emplace_back(std::move(key), std::move(value));
  }
  return args;
}

const std::string* Args::Take(std::string_view key) {
  if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) asked_.emplace_back(key);
  for (const auto& [k, v] : values_) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Args::Fail(std::string message) {
  if (problem_.empty()) problem_ = std::move(message);
}

std::optional<std::string> Args::Text(std::string_view key) {
  const std::string* v = Take(key);
  if (v == nullptr) return std::nullopt;
  return *v;
}

std::string Args::RequiredText(std::string_view key) {
  std::optional<std::string> v = Text(key);
  if (!v || v->empty()) {
    Fail(std::string(key) + "= is required");
    return "";
  }
  return *v;
}

std::optional<double> Args::Number(std::string_view key) {
  const std::string* v = Take(key);
  if (v == nullptr) return std::nullopt;
  std::string s = *v;
  std::replace(s.begin(), s.end(), ',', '.');
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) {
    Fail(std::string(key) + "=" + *v + ": not a number");
    return std::nullopt;
  }
  return d;
}

double Args::RequiredNumber(std::string_view key) {
  const bool present = Take(key) != nullptr;
  std::optional<double> v = Number(key);
  if (!present) Fail(std::string(key) + "= is required");
  return v.value_or(0);
}

std::optional<int> Args::Whole(std::string_view key, int min, int max) {
  const std::string* v = Take(key);
  if (v == nullptr) return std::nullopt;
  int n = 0;
  bool ok = !v->empty() && v->size() <= 9;
  for (char c : *v) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) n = n * 10 + (c - '0');
  }
  if (!ok || n < min || n > max) {
    Fail(std::string(key) + "=" + *v + ": expected a whole number " + std::to_string(min) + ".." +
         std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Args::Flag(std::string_view key) {
  const std::string* v = Take(key);
  if (v == nullptr) return std::nullopt;
  const std::string s = Lower(*v);
  if (s == "yes" || s == "true" || s == "có") return true;
  if (s == "no" || s == "false" || s == "không") return false;
  Fail(std::string(key) + "=" + *v + ": expected yes or no");
  return std::nullopt;
}

std::optional<std::string> Args::OneOf(std::string_view key,
                                       std::initializer_list<std::string_view> allowed) {
  const std::string* v = Take(key);
  if (v == nullptr) return std::nullopt;
  const std::string s = Lower(*v);
  std::string names;
  for (std::string_view a : allowed) {
    if (Lower(a) == s) return std::string(a);
    names += (names.empty() ? "" : ", ") + std::string(a);
  }
  Fail(std::string(key) + "=" + *v + ": expected one of " + names);
  return std::nullopt;
}

std::vector<std::string> Args::List(std::string_view key) {
  std::vector<std::string> out;
  const std::string* v = Take(key);
  if (v == nullptr) return out;
  size_t start = 0;
  while (start <= v->size()) {
    size_t comma = v->find(',', start);
    if (comma == std::string::npos) comma = v->size();
    std::string item = v->substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty()) {
      Fail(std::string(key) + "=" + *v + ": an empty item in the list");
      return {};
    }
    out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

Status Args::Finish() const {
  // An unknown key first: it is usually a misspelt one, the cause of any "required" problem.
  for (const auto& [k, v] : values_) {
    if (std::find(asked_.begin(), asked_.end(), k) == asked_.end()) {
      std::string known;
      for (const std::string& a : asked_) known += (known.empty() ? "" : ", ") + a;
      return Status::InvalidArgument(kind_ + ": unknown key '" + k +
                                     "' (this check knows: " + known + ")");
    }
  }
  if (!problem_.empty()) return Status::InvalidArgument(kind_ + ": " + problem_);
  return Status::Ok();
}

// ---- Compiling ----

namespace {

template <typename KindT>
const KindT* FindKind(std::span<const KindT> kinds, std::string_view name, std::string& names) {
  for (const KindT& k : kinds) {
    if (k.name == name) return &k;
    names += (names.empty() ? "" : ", ") + std::string(k.name);
  }
  return nullptr;
}

}  // namespace

Result<CompiledCheck> CompileCheck(std::string_view text, Kind reads) {
  Result<Args> parsed = Args::Parse(text);
  if (!parsed.ok()) return parsed.status();
  Args& args = *parsed;
  CompiledCheck out;
  out.text = std::string(text);
  out.reads = reads;
  out.file = args.Text("file").value_or("");
  std::string names;
  bool found = false;
  switch (reads) {
    case Kind::kDocument:
      if (const DocumentKind* k = FindKind(DocumentKinds(), args.kind(), names)) {
        out.document = k->compile(args);
        found = true;
      }
      break;
    case Kind::kWorkbook:
      if (const WorkbookKind* k = FindKind(WorkbookKinds(), args.kind(), names)) {
        out.workbook = k->compile(args);
        found = true;
      }
      break;
    case Kind::kPresentation:
      if (const PresentationKind* k = FindKind(PresentationKinds(), args.kind(), names)) {
        out.presentation = k->compile(args);
        found = true;
      }
      break;
  }
  if (!found) {
    return Status::InvalidArgument(args.kind() + ": no such check for a " +
                                   std::string(KindName(reads)) + " (there are: " + names + ")");
  }
  if (Status s = args.Finish(); !s.ok()) return s;
  return out;
}

}  // namespace khaothi::checker
