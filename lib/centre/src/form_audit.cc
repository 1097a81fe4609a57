// Auditing forms: re-deriving every form of every opened session from its seed and the stored
// bank snapshot, against what the audit chain recorded when the session opened (docs/forms.md,
// "Auditing forms").
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/form.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace internal {

Result<std::vector<ManifestLine>> ParseManifest(std::string_view manifest) {
  std::vector<ManifestLine> out;
  size_t line_no = 0;
  while (!manifest.empty()) {
    ++line_no;
    const size_t eol = manifest.find('\n');
    const std::string where = "bank snapshot list, line " + std::to_string(line_no);
    if (eol == std::string_view::npos) {
      return Status::Corruption(where + ": not ended by a line feed");
    }
    const std::string_view line = manifest.substr(0, eol);
    manifest.remove_prefix(eol + 1);
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) {
      return Status::Corruption(where + ": not id TAB version TAB content hash");
    }
    ManifestLine m;
    m.id = std::string(line.substr(0, t1));
    const std::string_view version = line.substr(t1 + 1, t2 - t1 - 1);
    m.content_sha256 = std::string(line.substr(t2 + 1));
    auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), m.version);
    if (!engine::IsValidItemId(m.id) || ec != std::errc() ||
        end != version.data() + version.size() || m.version < 1 || m.content_sha256.size() != 64 ||
        m.content_sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Status::Corruption(where + ": not id TAB version TAB content hash");
    }
    if (!out.empty() && !(out.back().id < m.id)) {
      return Status::Corruption(where + ": " + m.id + " is out of order or listed twice");
    }
    out.push_back(std::move(m));
  }
  return out;
}

Status CheckManifestMatches(std::string_view manifest, const std::vector<engine::Item>& items) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<ManifestLine> lines, ParseManifest(manifest));
  bool same = lines.size() == items.size();
  for (size_t i = 0; same && i < items.size(); ++i) {
    same = (lines)[i].id == items[i].id && (lines)[i].version == items[i].version;
  }
  return same ? Status::Ok()
              : Status::Unavailable(
                    "the bank changed while the session was being opened; "
                    "nothing was changed: open it again");
}

}  // namespace internal

namespace {

namespace json = boost::json;

// What the audit chain recorded when one form was issued.
struct IssuedForm {
  std::string form_sha256;
  uint64_t seed = 0;
  std::set<std::string> recently_seen;
};

struct OpenRecord {
  bool opened = false;
  std::string bank_snapshot;
  std::map<std::string, IssuedForm> forms;  // by sbd
};

std::optional<uint64_t> ParseSeedHex(std::string_view hex) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
  if (hex.size() != 16 || ec != std::errc() || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return v;
}

// The session.open and form.issue entries of the audit log, by session.
Result<std::map<std::string, OpenRecord>> ReadOpenRecords(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT seq, action, subject, detail FROM audit WHERE action IN ('session.open', "
      "'form.issue') ORDER BY seq");
  std::map<std::string, OpenRecord> out;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) -> Status {
    const std::string where = "audit log seq " + std::to_string(row.ColumnInt64(0));
    const std::string action = row.ColumnText(1);
    const std::string subject = row.ColumnText(2);
    boost::system::error_code ec;
    const json::value detail = json::parse(row.ColumnText(3), ec);
    if (ec || !detail.is_object()) {
      return Status::Corruption(where + ": the detail is not a JSON object");
    }
    const json::object& d = detail.get_object();
    if (action == "session.open") {
      const json::value* snapshot = d.if_contains("bank_snapshot");
      if (snapshot == nullptr || !snapshot->is_string()) {
        return Status::Corruption(where + ": session.open without bank_snapshot");
      }
      OpenRecord& r = out[subject];
      r.opened = true;
      r.bank_snapshot = std::string(snapshot->get_string());
      return Status::Ok();
    }
    const size_t slash = subject.find('/');
    const json::value* sha = d.if_contains("form_sha256");
    const json::value* seed = d.if_contains("seed");
    const json::value* seen = d.if_contains("recently_seen");
    std::optional<uint64_t> seed_value =
        seed != nullptr && seed->is_string() ? ParseSeedHex(seed->get_string()) : std::nullopt;
    if (slash == std::string::npos || sha == nullptr || !sha->is_string() || !seed_value ||
        seen == nullptr || !seen->is_array()) {
      return Status::Corruption(where + ": a form.issue entry of the wrong shape");
    }
    IssuedForm f{.form_sha256 = std::string(sha->get_string()), .seed = *seed_value};
    for (const json::value& id : seen->get_array()) {
      if (!id.is_string()) {
        return Status::Corruption(where + ": recently_seen holds a non-string");
      }
      f.recently_seen.insert(std::string(id.get_string()));
    }
    out[subject.substr(0, slash)].forms[subject.substr(slash + 1)] = std::move(f);
    return Status::Ok();
  }));
  return out;
}

// A message in English and Vietnamese (the CLI picks one with --lang).
struct Text {
  std::string en;
  std::string vi;
};

Text Describe(const engine::FormSlot& s) {
  std::string order;
  for (int o : s.option_order) {
    order += (order.empty() ? "" : " ") + std::to_string(o);
  }
  const std::string v = std::to_string(s.item_version);
  const std::string c = std::to_string(s.cell);
  return {"item " + s.item_id + " version " + v + " cell " + c + " options " + order,
          "câu " + s.item_id + " phiên bản " + v + " ô " + c + " thứ tự phương án " + order};
}

Text SeedColumn(uint64_t column, uint64_t form) {
  const std::string a = internal::SeedHex(column);
  const std::string b = internal::SeedHex(form);
  return {"the seed column holds " + a + " but the form holds " + b,
          "cột hạt giống ghi " + a + " nhưng đề thi ghi " + b};
}

// What differs between the stored form (and its seed column) and the one issued at open.
std::vector<Text> Differences(const engine::Form& stored, uint64_t seed_column,
                              const engine::Form& issued) {
  std::vector<Text> out;
  if (stored.seed != issued.seed) {
    const std::string a = internal::SeedHex(stored.seed);
    const std::string b = internal::SeedHex(issued.seed);
    out.push_back({"seed " + a + ", issued " + b, "hạt giống " + a + ", lúc cấp đề là " + b});
  }
  if (seed_column != stored.seed) {
    out.push_back(SeedColumn(seed_column, stored.seed));
  }
  if (stored.blueprint_id != issued.blueprint_id) {
    out.push_back({"blueprint " + stored.blueprint_id + ", issued " + issued.blueprint_id,
                   "ma trận đề " + stored.blueprint_id + ", lúc cấp đề là " + issued.blueprint_id});
  }
  if (stored.slots.size() != issued.slots.size()) {
    const std::string a = std::to_string(stored.slots.size());
    const std::string b = std::to_string(issued.slots.size());
    out.push_back({a + " slots, issued " + b, a + " câu, lúc cấp đề là " + b});
  }
  for (size_t i = 0; i < std::min(stored.slots.size(), issued.slots.size()); ++i) {
    if (!(stored.slots[i] == issued.slots[i])) {
      const Text now = Describe(stored.slots[i]);
      const Text then = Describe(issued.slots[i]);
      const std::string n = std::to_string(i);
      out.push_back({"slot " + n + ": " + now.en + "; issued " + then.en,
                     "vị trí " + n + ": " + now.vi + "; lúc cấp đề là " + then.vi});
    }
  }
  return out;
}

// The manifest's item versions from the bank, each checked against its content hash. Problems
// are appended to `problems`; nullopt when any version is missing or differs.
Result<std::optional<std::vector<engine::Item>>> LoadSnapshot(
    store::Database& db, const std::string& session,
    const std::vector<internal::ManifestLine>& lines, std::vector<FormProblem>& problems) {
  std::vector<engine::Item> items;
  items.reserve(lines.size());
  bool complete = true;
  store::Statement q =
      db.Prepare("SELECT content, content_hash FROM item_versions WHERE id = ?1 AND version = ?2");
  for (const internal::ManifestLine& line : lines) {
    const std::string which = line.id + " version " + std::to_string(line.version);
    const std::string which_vi = "câu " + line.id + " phiên bản " + std::to_string(line.version);
    q.Reset();
    q.Bind(1, line.id);
    q.Bind(2, line.version);
    KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      problems.push_back({session, "",
                          "the bank snapshot lists " + which + ", which the bank lacks",
                          "bộ câu hỏi đã chốt có " + which_vi + " nhưng ngân hàng không có"});
      complete = false;
      continue;
    }
    const std::string content = q.ColumnText(0);
    if (crypto::Sha256Hex(content) != line.content_sha256 ||
        q.ColumnText(1) != line.content_sha256) {
      problems.push_back({session, "", which + " is not the content the snapshot hashed",
                          which_vi + " không phải nội dung đã chốt (mã băm khác)"});
      complete = false;
      continue;
    }
    bank::ParsedBank parsed = bank::ParseNative(content, "item store");
    if (parsed.has_errors() || parsed.items.size() != 1) {
      problems.push_back({session, "", which + " does not parse", which_vi + " không đọc được"});
      complete = false;
      continue;
    }
    engine::Item item = std::move(parsed.items[0].item);
    item.version = line.version;
    items.push_back(std::move(item));
  }
  if (!complete) {
    return std::optional<std::vector<engine::Item>>();
  }
  return std::optional<std::vector<engine::Item>>(std::move(items));
}

// Consistency checks for a form that cannot be re-derived: its seed column, its item versions
// in the bank with the right number of options, and its cells.
Result<std::vector<Text>> Inconsistencies(store::Database& db, const engine::Form& form,
                                          uint64_t seed_column,
                                          const engine::Blueprint& blueprint) {
  std::vector<Text> out;
  if (seed_column != form.seed) {
    out.push_back(SeedColumn(seed_column, form.seed));
  }
  if (form.blueprint_id != blueprint.id) {
    out.push_back({"blueprint " + form.blueprint_id + ", the session's is " + blueprint.id,
                   "ma trận đề " + form.blueprint_id + ", của phiên thi là " + blueprint.id});
  }
  std::map<int, int> per_cell;
  store::Statement q =
      db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
  for (size_t i = 0; i < form.slots.size(); ++i) {
    const engine::FormSlot& slot = form.slots[i];
    const std::string where = "slot " + std::to_string(i) + ": ";
    const std::string where_vi = "vị trí " + std::to_string(i) + ": ";
    const std::string v = std::to_string(slot.item_version);
    q.Reset();
    q.Bind(1, slot.item_id);
    q.Bind(2, slot.item_version);
    KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      out.push_back(
          {where + "item " + slot.item_id + " version " + v + " is not in the bank",
           where_vi + "câu " + slot.item_id + " phiên bản " + v + " không có trong ngân hàng"});
      continue;
    }
    bank::ParsedBank parsed = bank::ParseNative(q.ColumnText(0), "item store");
    if (parsed.has_errors() || parsed.items.size() != 1) {
      out.push_back({where + "item " + slot.item_id + " does not parse",
                     where_vi + "câu " + slot.item_id + " không đọc được"});
      continue;
    }
    const engine::Item& item = parsed.items[0].item;
    if (item.options.size() != slot.option_order.size()) {
      const std::string a = std::to_string(slot.option_order.size());
      const std::string b = std::to_string(item.options.size());
      out.push_back({where + "the option order has " + a + " entries for " + b + " options",
                     where_vi + "thứ tự phương án có " + a + " phần tử cho " + b + " phương án"});
    }
    if (slot.cell < 0 || static_cast<size_t>(slot.cell) >= blueprint.cells.size() ||
        !blueprint.Draws(blueprint.cells[static_cast<size_t>(slot.cell)], item)) {
      const std::string c = std::to_string(slot.cell);
      out.push_back({where + "item " + slot.item_id + " does not belong to cell " + c,
                     where_vi + "câu " + slot.item_id + " không thuộc ô " + c});
    }
    ++per_cell[slot.cell];
  }
  for (size_t c = 0; c < blueprint.cells.size(); ++c) {
    const std::string n = std::to_string(c);
    const std::string has = std::to_string(per_cell[static_cast<int>(c)]);
    const std::string wants = std::to_string(blueprint.cells[c].count);
    if (has != wants) {
      out.push_back({"cell " + n + " has " + has + " items, the blueprint " + wants,
                     "ô " + n + " có " + has + " câu, ma trận đề cần " + wants});
    }
  }
  return out;
}

}  // namespace

Result<FormCheck> VerifyForms(store::Database& db) {
  KHAOTHI_ASSIGN_OR_RETURN(auto records, ReadOpenRecords(db));
  FormCheck check;
  store::Statement sessions = db.Prepare(
      "SELECT id, state, blueprint, coalesce(bank_snapshot, ''), bank_manifest FROM sessions "
      "ORDER BY id");
  const Status sessions_read = sessions.ForEachRow([&](const store::Statement& row) -> Status {
    const std::string session = row.ColumnText(0);
    const std::string state = row.ColumnText(1);
    const OpenRecord& rec = records[session];
    auto problem = [&](const std::string& sbd, const std::string& en, const std::string& vi) {
      check.problems.push_back({session, sbd, en, vi});
    };
    if (state == "draft") {
      if (rec.opened) {
        problem("", "the audit log records the session as opened, but it is a draft",
                "nhật ký ghi phiên thi đã mở, nhưng phiên đang ở trạng thái nháp");
      }
      return Status::Ok();
    }
    ++check.sessions;
    if (!rec.opened) {
      problem("", "the session is " + state + " but the audit log has no session.open entry",
              "phiên thi ở trạng thái " + state + " nhưng nhật ký không có mục mở phiên");
    } else if (row.ColumnText(3) != rec.bank_snapshot) {
      const std::string now = row.ColumnText(3);
      problem(
          "",
          "the bank snapshot is " + now + ", the audit log recorded " + rec.bank_snapshot +
              " at open",
          "mã bộ câu hỏi đã chốt là " + now + ", nhật ký ghi lúc mở phiên là " + rec.bank_snapshot);
    }
    Result<engine::Blueprint> blueprint = engine::ParseBlueprint(row.ColumnText(2));
    if (!blueprint.ok()) {
      problem("", "the stored blueprint does not parse: " + blueprint.status().message(),
              "ma trận đề đã lưu không đọc được: " + blueprint.status().message());
      return Status::Ok();
    }
    // The generator, when the snapshot can be rebuilt exactly.
    std::optional<engine::FormGenerator> generator;
    const bool legacy = row.ColumnIsNull(4);
    if (legacy) {
      check.unverifiable.push_back(session);
    } else {
      const std::string manifest = row.ColumnText(4);
      Result<std::vector<internal::ManifestLine>> lines = internal::ParseManifest(manifest);
      if (!lines.ok()) {
        problem("", lines.status().message(),
                "danh sách câu hỏi đã chốt bị hỏng: " + lines.status().message());
      } else if (rec.opened && crypto::Sha256Hex(manifest) != rec.bank_snapshot) {
        problem("", "the stored bank snapshot list does not hash to the snapshot recorded at open",
                "danh sách câu hỏi đã chốt đã lưu không khớp mã băm ghi lúc mở phiên");
      } else {
        KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::vector<engine::Item>> items,
                                 LoadSnapshot(db, session, *lines, check.problems));
        if (items) {
          Result<engine::FormGenerator> g = engine::FormGenerator::Create(*items, *blueprint);
          if (g.ok()) {
            generator.emplace(std::move(g).value());
          } else {
            problem("", "the snapshot does not fit the blueprint: " + g.status().message(),
                    "bộ câu hỏi đã chốt không hợp với ma trận đề: " + g.status().message());
          }
        }
      }
    }
    store::Statement forms =
        db.Prepare("SELECT sbd, seed, form FROM forms WHERE session_id = ? ORDER BY sbd");
    forms.Bind(1, session);
    std::set<std::string> stored_sbds;
    const Status forms_read = forms.ForEachRow([&](const store::Statement& form_row) -> Status {
      const std::string sbd = form_row.ColumnText(0);
      const auto seed_column = static_cast<uint64_t>(form_row.ColumnInt64(1));
      const std::string text = form_row.ColumnText(2);
      stored_sbds.insert(sbd);
      Result<engine::Form> stored = FormFromJson(text);
      if (!stored.ok()) {
        problem(sbd, stored.status().message(),
                "đề thi đã lưu không đọc được: " + stored.status().message());
        return Status::Ok();
      }
      auto issued = rec.forms.find(sbd);
      if (legacy && issued == rec.forms.end()) {
        KHAOTHI_ASSIGN_OR_RETURN(std::vector<Text> bad,
                                 Inconsistencies(db, *stored, seed_column, *blueprint));
        for (const Text& b : bad) {
          problem(sbd, b.en, b.vi);
        }
        return Status::Ok();
      }
      if (issued == rec.forms.end()) {
        problem(
            sbd,
            "the audit log has no form.issue entry: the form was added after the session opened",
            "nhật ký không có mục cấp đề: đề thi được thêm sau khi mở phiên");
        return Status::Ok();
      }
      const bool same_text = crypto::Sha256Hex(text) == issued->second.form_sha256;
      if (!generator) {
        if (!same_text) {
          problem(sbd, "the form differs from the one recorded when the session opened",
                  "đề thi khác với đề đã ghi lúc mở phiên");
        } else if (seed_column != stored->seed) {
          const Text t = SeedColumn(seed_column, stored->seed);
          problem(sbd, t.en, t.vi);
        }
        return Status::Ok();
      }
      Result<engine::Form> expected =
          generator->Generate(issued->second.seed, issued->second.recently_seen);
      if (!expected.ok()) {
        problem(sbd, "the recorded seed does not give a form: " + expected.status().message(),
                "hạt giống đã ghi không tạo được đề thi: " + expected.status().message());
        return Status::Ok();
      }
      if (crypto::Sha256Hex(FormToJson(*expected)) != issued->second.form_sha256) {
        problem(sbd,
                "the form generated from the recorded seed and snapshot is not the form recorded "
                "at open",
                "đề tạo lại từ hạt giống và bộ câu hỏi đã chốt không phải đề đã ghi lúc mở phiên");
        return Status::Ok();
      }
      std::vector<Text> diffs = Differences(*stored, seed_column, *expected);
      if (diffs.empty() && !same_text) {
        diffs.push_back({"the stored text differs from the one recorded at open",
                         "văn bản đề thi đã lưu khác với văn bản đã ghi lúc mở phiên"});
      }
      for (const Text& d : diffs) {
        problem(sbd, d.en, d.vi);
      }
      if (diffs.empty()) {
        ++check.forms_rederived;
      }
      return Status::Ok();
    });
    KHAOTHI_RETURN_IF_ERROR(forms_read);
    for (const auto& [sbd, issued] : rec.forms) {
      if (!stored_sbds.contains(sbd)) {
        problem(sbd, "the form issued at open is missing", "mất đề thi đã cấp lúc mở phiên");
      }
    }
    return Status::Ok();
  });
  KHAOTHI_RETURN_IF_ERROR(sessions_read);
  return check;
}

}  // namespace khaothi::centre
