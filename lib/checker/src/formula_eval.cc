// Over 600 lines: one recursive-descent evaluator, its grammar, its functions and Excel's value
// rules calling one another on the same private state; split, each part would need the others.
#include "khaothi/checker/formula_eval.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace khaothi::checker {

namespace {

// Cells a formula may read through its ranges, in all (a sum over a whole sheet is not a task's).
constexpr int64_t kMaxCellsRead = 200'000;
constexpr int kMaxDepth = 64;

struct Value {
  enum class Type { kBlank, kNumber, kText, kBoolean, kError } type = Type::kBlank;
  double number = 0;
  std::string text;  // kText, kError

  static Value Number(double n) { return {Type::kNumber, n, {}}; }
  static Value Text(std::string s) { return {Type::kText, 0, std::move(s)}; }
  static Value Boolean(bool b) { return {Type::kBoolean, b ? 1.0 : 0.0, {}}; }
  static Value Error(std::string e) { return {Type::kError, 0, std::move(e)}; }
};

Value FromCell(const Cell* cell) {
  if (cell == nullptr) return {};
  switch (cell->type) {
    case ValueType::kEmpty:
      return {};
    case ValueType::kNumber:
      return Value::Number(cell->number);
    case ValueType::kText:
      return Value::Text(cell->text);
    case ValueType::kBoolean:
      return Value::Boolean(cell->number != 0);
    case ValueType::kError:
      return Value::Error(cell->text);
  }
  return {};
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// An operand: a value, or a range of one sheet (a single reference is a 1×1 range).
struct Operand {
  Value value;
  const Sheet* sheet = nullptr;  // non-null: a range
  CellRange range;
};

class Evaluator {
 public:
  Evaluator(std::string_view f, const Workbook& book, const Sheet& sheet)
      : f_(f), book_(book), sheet_(sheet) {}

  std::optional<Value> Run() {
    Operand result = Expression(0);
    Skip();
    if (failed_ || pos_ != f_.size()) return std::nullopt;
    return Scalar(result);
  }

 private:
  void Skip() {
    while (pos_ < f_.size() && f_[pos_] == ' ') ++pos_;
  }
  bool Eat(std::string_view token) {
    Skip();
    if (f_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  Operand Fail() {
    failed_ = true;
    return {};
  }

  // A range used where one value is wanted: its only cell.
  Value Scalar(const Operand& o) {
    if (o.sheet == nullptr) return o.value;
    if (o.range.first != o.range.last) return Value::Error("#VALUE!");
    return FromCell(o.sheet->Find(o.range.first));
  }

  // ---- Grammar: comparison < & < + - < * / < ^ < unary < % < primary ----

  Operand Expression(int depth) {
    if (depth > kMaxDepth) return Fail();
    Operand left = Concatenation(depth);
    for (;;) {
      Skip();
      std::string op;
      for (const char* candidate : {"<=", ">=", "<>", "=", "<", ">"}) {
        if (Eat(candidate)) {
          op = candidate;
          break;
        }
      }
      if (op.empty() || failed_) return left;
      const Value a = Scalar(left);
      const Value b = Scalar(Concatenation(depth));
      left = {Compare(a, b, op), nullptr, {}};
    }
  }

  Operand Concatenation(int depth) {
    Operand left = Additive(depth);
    while (!failed_ && Eat("&")) {
      const Value a = Scalar(left);
      const Value b = Scalar(Additive(depth));
      if (a.type == Value::Type::kError) return {a, nullptr, {}};
      if (b.type == Value::Type::kError) return {b, nullptr, {}};
      left = {Value::Text(AsText(a) + AsText(b)), nullptr, {}};
    }
    return left;
  }

  Operand Additive(int depth) {
    Operand left = Term(depth);
    for (;;) {
      Skip();
      if (pos_ >= f_.size() || (f_[pos_] != '+' && f_[pos_] != '-') || failed_) return left;
      const char op = f_[pos_++];
      left = Arithmetic(Scalar(left), Scalar(Term(depth)), op);
    }
  }

  Operand Term(int depth) {
    Operand left = Power(depth);
    for (;;) {
      Skip();
      if (pos_ >= f_.size() || (f_[pos_] != '*' && f_[pos_] != '/') || failed_) return left;
      const char op = f_[pos_++];
      left = Arithmetic(Scalar(left), Scalar(Power(depth)), op);
    }
  }

  Operand Power(int depth) {
    Operand left = Unary(depth);
    while (!failed_ && Eat("^")) left = Arithmetic(Scalar(left), Scalar(Unary(depth)), '^');
    return left;
  }

  Operand Unary(int depth) {
    if (Eat("-")) return Arithmetic(Value::Number(0), Scalar(Unary(depth)), '-');
    if (Eat("+")) return Unary(depth);
    Operand o = Primary(depth);
    while (!failed_ && Eat("%")) o = Arithmetic(Scalar(o), Value::Number(100), '/');
    return o;
  }

  Operand Primary(int depth) {
    Skip();
    if (pos_ >= f_.size()) return Fail();
    const char c = f_[pos_];
    if (c == '(') {
      ++pos_;
      Operand inner = Expression(depth + 1);
      if (!Eat(")")) return Fail();
      return inner;
    }
    if (c == '"') return {Value::Text(StringLiteral()), nullptr, {}};
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.') {
      double n = 0;
      const auto [end, ec] = std::from_chars(f_.data() + pos_, f_.data() + f_.size(), n);
      if (ec != std::errc()) return Fail();
      pos_ = static_cast<size_t>(end - f_.data());
      return {Value::Number(n), nullptr, {}};
    }
    if (c == '\'' || c == '$' || std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
      return NameOrReference(depth);
    }
    return Fail();
  }

  std::string StringLiteral() {
    std::string out;
    ++pos_;
    while (pos_ < f_.size()) {
      const char c = f_[pos_++];
      if (c == '"') {
        if (pos_ < f_.size() && f_[pos_] == '"') {
          out += '"';
          ++pos_;
          continue;
        }
        return out;
      }
      out += c;
    }
    failed_ = true;
    return out;
  }

  // A function call, TRUE/FALSE, or a reference with or without a sheet.
  Operand NameOrReference(int depth) {
    const Sheet* sheet = &sheet_;
    if (f_[pos_] == '\'') {
      const size_t close = f_.find("'!", pos_ + 1);
      if (close == std::string_view::npos) return Fail();
      std::string name(f_.substr(pos_ + 1, close - pos_ - 1));
      for (size_t at = name.find("''"); at != std::string::npos; at = name.find("''", at + 1)) {
        name.erase(at, 1);
      }
      sheet = book_.FindSheet(name);
      if (sheet == nullptr) return Fail();
      pos_ = close + 2;
      return Reference(sheet);
    }
    size_t end = pos_;
    while (end < f_.size() && (std::isalnum(static_cast<unsigned char>(f_[end])) != 0 ||
                               f_[end] == '_' || f_[end] == '.' || f_[end] == '$')) {
      ++end;
    }
    const std::string_view word = f_.substr(pos_, end - pos_);
    if (end < f_.size() && f_[end] == '!') {
      sheet = book_.FindSheet(word);
      if (sheet == nullptr) return Fail();
      pos_ = end + 1;
      return Reference(sheet);
    }
    if (end < f_.size() && f_[end] == '(') {
      pos_ = end + 1;
      return Call(Upper(word), depth);
    }
    const std::string upper = Upper(word);
    if (upper == "TRUE" || upper == "FALSE") {
      pos_ = end;
      return {Value::Boolean(upper == "TRUE"), nullptr, {}};
    }
    return Reference(sheet);
  }

  Operand Reference(const Sheet* sheet) {
    auto cell = [&]() -> std::optional<CellRef> {
      size_t end = pos_;
      while (end < f_.size() &&
             (std::isalnum(static_cast<unsigned char>(f_[end])) != 0 || f_[end] == '$')) {
        ++end;
      }
      std::string text(f_.substr(pos_, end - pos_));
      std::erase(text, '$');
      Result<CellRef> ref = ParseCellRef(text);
      if (!ref.ok()) return std::nullopt;
      pos_ = end;
      return *ref;
    };
    const std::optional<CellRef> first = cell();
    if (!first) return Fail();
    CellRef last = *first;
    if (pos_ < f_.size() && f_[pos_] == ':') {
      ++pos_;
      const std::optional<CellRef> second = cell();
      if (!second) return Fail();
      last = *second;
    }
    CellRange range{{std::min(first->row, last.row), std::min(first->column, last.column)},
                    {std::max(first->row, last.row), std::max(first->column, last.column)}};
    const int64_t cells = int64_t{range.last.row - range.first.row + 1} *
                          (range.last.column - range.first.column + 1);
    cells_read_ += cells;
    if (cells_read_ > kMaxCellsRead) return Fail();
    return {{}, sheet, range};
  }

  std::vector<Operand> Arguments(int depth) {
    std::vector<Operand> args;
    if (Eat(")")) return args;
    for (;;) {
      Skip();
      if (pos_ < f_.size() && (f_[pos_] == ',' || f_[pos_] == ')')) {
        args.push_back({});  // an omitted argument
      } else {
        args.push_back(Expression(depth + 1));
      }
      if (failed_) return args;
      if (Eat(")")) return args;
      if (!Eat(",")) {
        failed_ = true;
        return args;
      }
    }
  }

  // Every value of the operands: a range's cells (blank ones skipped), or the value itself.
  template <typename F>
  void Each(const std::vector<Operand>& args, size_t from, F&& f) {
    for (size_t i = from; i < args.size(); ++i) {
      const Operand& o = args[i];
      if (o.sheet == nullptr) {
        f(o.value, false);
        continue;
      }
      for (int r = o.range.first.row; r <= o.range.last.row; ++r) {
        for (int c = o.range.first.column; c <= o.range.last.column; ++c) {
          const Cell* cell = o.sheet->Find({r, c});
          if (cell != nullptr) f(FromCell(cell), true);
        }
      }
    }
  }

  Operand Call(const std::string& name, int depth) {
    std::vector<Operand> args = Arguments(depth);
    if (failed_) return {};
    auto out = [](Value v) { return Operand{std::move(v), nullptr, {}}; };
    auto argc = [&](size_t min, size_t max) { return args.size() >= min && args.size() <= max; };
    if (name == "SUM" || name == "AVERAGE" || name == "MAX" || name == "MIN" || name == "COUNT" ||
        name == "COUNTA") {
      double sum = 0;
      double best = 0;
      int count = 0;
      int counta = 0;
      std::optional<Value> error;
      Each(args, 0, [&](const Value& v, bool in_range) {
        if (v.type != Value::Type::kBlank) ++counta;
        if (v.type == Value::Type::kError && !error) error = v;
        double n = 0;
        if (v.type == Value::Type::kNumber) {
          n = v.number;
        } else if (!in_range && (v.type == Value::Type::kBoolean || ToNumber(v, n))) {
          if (v.type == Value::Type::kBoolean) n = v.number;
        } else {
          return;
        }
        best = count == 0 ? n : (name == "MAX" ? std::max(best, n) : std::min(best, n));
        sum += n;
        ++count;
      });
      if (name == "COUNTA") return out(Value::Number(counta));
      if (name == "COUNT") return out(Value::Number(count));
      if (error) return out(*error);
      if (name == "SUM") return out(Value::Number(sum));
      if (name == "AVERAGE") {
        return out(count == 0 ? Value::Error("#DIV/0!") : Value::Number(sum / count));
      }
      return out(Value::Number(count == 0 ? 0 : best));
    }
    if (name == "IF" && argc(2, 3)) {
      const Value cond = Scalar(args[0]);
      if (cond.type == Value::Type::kError) return out(cond);
      double n = 0;
      if (cond.type == Value::Type::kText && !ToNumber(cond, n)) {
        return out(Value::Error("#VALUE!"));
      }
      const bool yes = cond.type == Value::Type::kText ? n != 0 : cond.number != 0;
      if (yes) return args[1];
      return args.size() == 3 ? args[2] : out(Value::Boolean(false));
    }
    if ((name == "AND" || name == "OR") && !args.empty()) {
      bool all = true;
      bool any = false;
      std::optional<Value> error;
      Each(args, 0, [&](const Value& v, bool) {
        if (v.type == Value::Type::kError && !error) error = v;
        if (v.type != Value::Type::kNumber && v.type != Value::Type::kBoolean) return;
        all = all && v.number != 0;
        any = any || v.number != 0;
      });
      if (error) return out(*error);
      return out(Value::Boolean(name == "AND" ? all : any));
    }
    if (name == "NOT" && argc(1, 1)) {
      const Value v = Scalar(args[0]);
      if (v.type == Value::Type::kError) return out(v);
      return out(Value::Boolean(v.number == 0));
    }
    if ((name == "ROUND" || name == "ABS") && argc(1, 2)) {
      double x = 0;
      const Value v = Scalar(args[0]);
      if (v.type == Value::Type::kError) return out(v);
      if (!ToNumber(v, x)) return out(Value::Error("#VALUE!"));
      if (name == "ABS") return out(Value::Number(std::fabs(x)));
      double digits = 0;
      if (args.size() == 2 && !ToNumber(Scalar(args[1]), digits)) {
        return out(Value::Error("#VALUE!"));
      }
      const double scale = std::pow(10.0, std::trunc(digits));
      // Half away from zero on the decimal value written, not on its binary neighbour.
      const double scaled = x * scale;
      const double rounded = std::round(scaled + (scaled >= 0 ? 1e-9 : -1e-9));
      return out(Value::Number(rounded / scale));
    }
    if ((name == "COUNTIF" && argc(2, 2)) || (name == "SUMIF" && argc(2, 3))) {
      if (args[0].sheet == nullptr) return Fail();
      const Value criterion = Scalar(args[1]);
      const Operand& sum_range = args.size() == 3 ? args[2] : args[0];
      if (sum_range.sheet == nullptr) return Fail();
      double total = 0;
      int count = 0;
      for (int r = args[0].range.first.row; r <= args[0].range.last.row; ++r) {
        for (int c = args[0].range.first.column; c <= args[0].range.last.column; ++c) {
          if (!Matches(FromCell(args[0].sheet->Find({r, c})), criterion)) continue;
          ++count;
          const Cell* s = sum_range.sheet->Find(
              {sum_range.range.first.row + r - args[0].range.first.row,
               sum_range.range.first.column + c - args[0].range.first.column});
          if (s != nullptr && s->type == ValueType::kNumber) total += s->number;
        }
      }
      return out(Value::Number(name == "COUNTIF" ? count : total));
    }
    if (name == "VLOOKUP" && argc(3, 4)) {
      const Value key = Scalar(args[0]);
      if (key.type == Value::Type::kError) return out(key);
      if (args[1].sheet == nullptr) return Fail();
      double column = 0;
      if (!ToNumber(Scalar(args[2]), column)) return out(Value::Error("#VALUE!"));
      const CellRange& table = args[1].range;
      const int col = static_cast<int>(column) - 1;
      if (col < 0 || col > table.last.column - table.first.column) {
        return out(Value::Error(col < 0 ? "#VALUE!" : "#REF!"));
      }
      bool approximate = true;
      if (args.size() == 4) {
        const Value a = Scalar(args[3]);
        approximate = a.type == Value::Type::kBlank ? false : a.number != 0;
      }
      std::optional<int> found;
      for (int r = table.first.row; r <= table.last.row; ++r) {
        const Value v = FromCell(args[1].sheet->Find({r, table.first.column}));
        if (v.type == Value::Type::kBlank) continue;
        const Value eq = Compare(v, key, "=");
        if (!approximate) {
          if (eq.number != 0) {
            found = r;
            break;
          }
          continue;
        }
        if (Compare(v, key, "<=").number != 0 && SameKind(v, key)) {
          found = r;
        } else if (SameKind(v, key)) {
          break;
        }
      }
      if (!found) return out(Value::Error("#N/A"));
      return out(FromCell(args[1].sheet->Find({*found, table.first.column + col})));
    }
    if ((name == "RANK" || name == "RANK.EQ") && argc(2, 3)) {
      double x = 0;
      const Value v = Scalar(args[0]);
      if (v.type == Value::Type::kError) return out(v);
      if (!ToNumber(v, x) || args[1].sheet == nullptr) return out(Value::Error("#VALUE!"));
      bool ascending = false;
      if (args.size() == 3) {
        const Value o = Scalar(args[2]);
        ascending = o.type != Value::Type::kBlank && o.number != 0;
      }
      int before = 0;
      bool present = false;
      Each({args[1]}, 0, [&](const Value& n, bool) {
        if (n.type != Value::Type::kNumber) return;
        if (n.number == x) present = true;
        if (ascending ? n.number < x : n.number > x) ++before;
      });
      if (!present) return out(Value::Error("#N/A"));
      return out(Value::Number(before + 1));
    }
    return Fail();  // a function this does not recompute
  }

  // ---- Values ----

  static bool SameKind(const Value& a, const Value& b) {
    const bool na = a.type == Value::Type::kNumber;
    const bool nb = b.type == Value::Type::kNumber;
    return na == nb;
  }

  static bool ToNumber(const Value& v, double& n) {
    switch (v.type) {
      case Value::Type::kBlank:
        n = 0;
        return true;
      case Value::Type::kNumber:
      case Value::Type::kBoolean:
        n = v.number;
        return true;
      case Value::Type::kText: {
        const auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
        return ec == std::errc() && end == v.text.data() + v.text.size() && !v.text.empty();
      }
      case Value::Type::kError:
        return false;
    }
    return false;
  }

  static std::string AsText(const Value& v) {
    switch (v.type) {
      case Value::Type::kBlank:
        return "";
      case Value::Type::kText:
      case Value::Type::kError:
        return v.text;
      case Value::Type::kBoolean:
        return v.number != 0 ? "TRUE" : "FALSE";
      case Value::Type::kNumber: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15g", v.number);
        return buf;
      }
    }
    return "";
  }

  static Operand Arithmetic(const Value& a, const Value& b, char op) {
    if (a.type == Value::Type::kError) return {a, nullptr, {}};
    if (b.type == Value::Type::kError) return {b, nullptr, {}};
    double x = 0;
    double y = 0;
    if (!ToNumber(a, x) || !ToNumber(b, y)) return {Value::Error("#VALUE!"), nullptr, {}};
    double r = 0;
    switch (op) {
      case '+':
        r = x + y;
        break;
      case '-':
        r = x - y;
        break;
      case '*':
        r = x * y;
        break;
      case '/':
        if (y == 0) return {Value::Error("#DIV/0!"), nullptr, {}};
        r = x / y;
        break;
      default:
        r = std::pow(x, y);
    }
    return {Value::Number(r), nullptr, {}};
  }

  // Excel's order: numbers < text < booleans; text without regard to case; a blank is 0 or "".
  static Value Compare(Value a, Value b, std::string_view op) {
    if (a.type == Value::Type::kError) return a;
    if (b.type == Value::Type::kError) return b;
    auto rank = [](const Value& v) {
      return v.type == Value::Type::kNumber ? 0 : v.type == Value::Type::kText ? 1 : 2;
    };
    if (a.type == Value::Type::kBlank)
      a = b.type == Value::Type::kText ? Value::Text("") : Value::Number(0);
    if (b.type == Value::Type::kBlank)
      b = a.type == Value::Type::kText ? Value::Text("") : Value::Number(0);
    int c = 0;
    if (rank(a) != rank(b)) {
      c = rank(a) < rank(b) ? -1 : 1;
    } else if (a.type == Value::Type::kText) {
      const std::string x = Upper(a.text);
      const std::string y = Upper(b.text);
      c = x < y ? -1 : x > y ? 1 : 0;
    } else {
      c = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    }
    bool r = false;
    if (op == "=") r = c == 0;
    if (op == "<>") r = c != 0;
    if (op == "<") r = c < 0;
    if (op == ">") r = c > 0;
    if (op == "<=") r = c <= 0;
    if (op == ">=") r = c >= 0;
    return Value::Boolean(r);
  }

  // COUNTIF's criterion: a value (equal to it), or text starting with an operator (">=20").
  static bool Matches(const Value& v, const Value& criterion) {
    if (criterion.type != Value::Type::kText) {
      return v.type == criterion.type && Compare(v, criterion, "=").number != 0;
    }
    std::string_view text = criterion.text;
    std::string op = "=";
    for (const char* candidate : {"<=", ">=", "<>", "=", "<", ">"}) {
      if (text.starts_with(candidate)) {
        op = candidate;
        text.remove_prefix(op.size());
        break;
      }
    }
    Value operand = Value::Text(std::string(text));
    double n = 0;
    if (ToNumber(operand, n)) operand = Value::Number(n);
    if (v.type == Value::Type::kBlank)
      return op == "<>" ? !text.empty() : text.empty() && op == "=";
    if (!SameKind(v, operand) && op != "<>") return false;
    return Compare(v, operand, op).number != 0;
  }

  std::string_view f_;
  size_t pos_ = 0;
  bool failed_ = false;
  int64_t cells_read_ = 0;
  const Workbook& book_;
  const Sheet& sheet_;
};

}  // namespace

std::optional<Cell> RecomputeFormula(std::string_view formula, const Workbook& book,
                                     const Sheet& sheet) {
  Evaluator evaluator(formula, book, sheet);
  const std::optional<Value> v = evaluator.Run();
  if (!v) return std::nullopt;
  Cell out;
  switch (v->type) {
    case Value::Type::kBlank:
      out.type = ValueType::kNumber;  // a formula showing an empty cell shows 0
      break;
    case Value::Type::kNumber:
      out.type = ValueType::kNumber;
      out.number = v->number;
      break;
    case Value::Type::kText:
      out.type = ValueType::kText;
      out.text = v->text;
      break;
    case Value::Type::kBoolean:
      out.type = ValueType::kBoolean;
      out.number = v->number;
      break;
    case Value::Type::kError:
      out.type = ValueType::kError;
      out.text = v->text;
      break;
  }
  return out;
}

bool SameValue(const Cell& recomputed, const Cell& saved) {
  if (recomputed.type != saved.type) {
    // An empty text result may be saved as an empty string or not at all.
    return recomputed.type == ValueType::kText && recomputed.text.empty() &&
           saved.type == ValueType::kEmpty;
  }
  switch (recomputed.type) {
    case ValueType::kNumber:
      return std::fabs(recomputed.number - saved.number) <=
             1e-9 * std::max(1.0, std::fabs(saved.number));
    case ValueType::kBoolean:
      return (recomputed.number != 0) == (saved.number != 0);
    case ValueType::kText:
    case ValueType::kError:
      return recomputed.text == saved.text;
    case ValueType::kEmpty:
      return true;
  }
  return false;
}

}  // namespace khaothi::checker
