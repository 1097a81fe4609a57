#include <chrono>
#include <ctime>
#include <filesystem>
#include <utility>

#include <sqlite3.h>

#include "khaothi/bank/native.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

namespace khaothi::store {
namespace {

using crypto::Sha256Hex;
using engine::Item;

std::string NowUtc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The canonical text of an item's content: its native serialisation without the version, so
// that two versions with the same content have the same text.
std::string CanonicalContent(Item item) {
  item.version = 0;
  return bank::SerializeNative({item});
}

// An item version's stored content back as an engine::Item of that version.
Result<Item> DecodeItem(const std::string& content, int version) {
  bank::ParsedBank parsed = bank::ParseNative(content, "item store");
  if (parsed.has_errors() || parsed.items.size() != 1) {
    return Status::Corruption("stored item does not parse: " +
                              (parsed.diagnostics.empty() ? std::string("wrong item count")
                                                          : parsed.diagnostics.front().ToString()));
  }
  Item item = std::move(parsed.items.front().item);
  item.version = version;
  return item;
}

class SqliteItemStore final : public ItemStore {
 public:
  explicit SqliteItemStore(Database db) : db_(std::move(db)) {}

  // ItemStore
  Result<ImportReport> Import(const std::vector<Item>& items, const std::string& source) override {
    ImportReport report;
    Transaction tx(db_);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    const std::string now = NowUtc();
    for (const Item& item : items) {
      const std::string content = CanonicalContent(item);
      const std::string hash = Sha256Hex(content);
      Statement cur = db_.Prepare(
          "SELECT v.version, v.content_hash FROM items i JOIN item_versions v "
          "ON v.id = i.id AND v.version = i.current_version WHERE i.id = ?1");
      cur.Bind(1, item.id);
      Result<bool> row = cur.Step();
      if (!row.ok()) {
        return row.status();
      }
      int version = 1;
      if (*row) {
        if (cur.ColumnText(1) == hash) {
          ++report.unchanged;
          continue;
        }
        version = cur.ColumnInt(0) + 1;
        ++report.updated;
        report.updated_ids.push_back(item.id);
      } else {
        ++report.added;
        report.added_ids.push_back(item.id);
      }
      KHAOTHI_RETURN_IF_ERROR(InsertVersion(item, version, content, hash, now, source));
    }
    KHAOTHI_RETURN_IF_ERROR(tx.Commit());
    return report;
  }

  Result<Item> Get(const std::string& id, std::optional<int> version) override {
    if (version) {
      return ReadItemVersion(db_, id, *version);
    }
    Statement st = db_.Prepare(
        "SELECT v.content, v.version FROM items i JOIN item_versions v "
        "ON v.id = i.id AND v.version = i.current_version WHERE i.id = ?1");
    st.Bind(1, id);
    KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
    if (!found) {
      return Status::NotFound("no item " + id);
    }
    return DecodeItem(st.ColumnText(0), st.ColumnInt(1));
  }

  Result<std::vector<ItemVersion>> History(const std::string& id) override {
    Statement st = db_.Prepare(
        "SELECT content, version, stored_at, source FROM item_versions WHERE id = ?1 "
        "ORDER BY version");
    st.Bind(1, id);
    std::vector<ItemVersion> out;
    KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) -> Status {
      Result<Item> item = DecodeItem(row.ColumnText(0), row.ColumnInt(1));
      if (!item.ok()) {
        return item.status();
      }
      out.push_back({std::move(*item), row.ColumnText(2), row.ColumnText(3)});
      return Status::Ok();
    }));
    if (out.empty()) {
      return Status::NotFound("no item " + id);
    }
    return out;
  }

  Result<std::vector<Item>> List(const ItemFilter& filter) override {
    Statement st = db_.Prepare(
        "SELECT v.content, v.version FROM items i JOIN item_versions v "
        "ON v.id = i.id AND v.version = i.current_version "
        "WHERE (?1 = '' OR v.module = ?1) AND (?2 = '' OR v.topic = ?2 OR v.topic LIKE ?2 || '.%') "
        "AND (?3 = '' OR v.difficulty = ?3) AND (?4 = '' OR v.status = ?4) ORDER BY i.id");
    st.Bind(1, filter.module);
    st.Bind(2, filter.topic_prefix);
    st.Bind(3, filter.difficulty ? std::string(engine::ToString(*filter.difficulty)) : "");
    st.Bind(4, filter.status ? std::string(engine::ToString(*filter.status)) : "");
    return Collect(st);
  }

  Status Retire(const std::string& id) override {
    Transaction tx(db_);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    Result<Item> cur = Get(id, std::nullopt);
    if (!cur.ok()) {
      return cur.status();
    }
    if (cur->status == engine::ItemStatus::kRetired) {
      return Status::FailedPrecondition("item " + id + " is already retired");
    }
    Item retired = *cur;
    retired.status = engine::ItemStatus::kRetired;
    const std::string content = CanonicalContent(retired);
    KHAOTHI_RETURN_IF_ERROR(
        InsertVersion(retired, cur->version + 1, content, Sha256Hex(content), NowUtc(), "retire"));
    return tx.Commit();
  }

  Result<std::string> ActiveSnapshotId() override {
    Result<std::string> manifest = ActiveManifest();
    if (!manifest.ok()) {
      return manifest.status();
    }
    return Sha256Hex(*manifest);
  }

  Result<std::string> ActiveManifest() override {
    Statement st = db_.Prepare(
        "SELECT i.id, v.version, v.content_hash FROM items i JOIN item_versions v "
        "ON v.id = i.id AND v.version = i.current_version WHERE v.status = 'active' "
        "ORDER BY i.id");
    std::string manifest;
    KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) {
      manifest += row.ColumnText(0) + '\t' + std::to_string(row.ColumnInt(1)) + '\t' +
                  row.ColumnText(2) + '\n';
    }));
    return manifest;
  }

  Result<std::vector<Item>> ActiveItems() override {
    return List({.status = engine::ItemStatus::kActive});
  }

 private:
  Status InsertVersion(const Item& item, int version, const std::string& content,
                       const std::string& hash, const std::string& now, const std::string& source) {
    Statement ins = db_.Prepare(
        "INSERT INTO item_versions(id, version, module, topic, difficulty, status, content, "
        "content_hash, stored_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    ins.Bind(1, item.id);
    ins.Bind(2, version);
    ins.Bind(3, item.module);
    ins.Bind(4, item.topic);
    ins.Bind(5, item.difficulty ? std::string(engine::ToString(*item.difficulty)) : "");
    ins.Bind(6, std::string(engine::ToString(item.status)));
    ins.Bind(7, content);
    ins.Bind(8, hash);
    ins.Bind(9, now);
    ins.Bind(10, source);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    Statement up = db_.Prepare(
        "INSERT INTO items(id, current_version) VALUES (?1, ?2) "
        "ON CONFLICT(id) DO UPDATE SET current_version = excluded.current_version");
    up.Bind(1, item.id);
    up.Bind(2, version);
    return up.Run();
  }

  Result<std::vector<Item>> Collect(Statement& st) {
    std::vector<Item> out;
    KHAOTHI_RETURN_IF_ERROR(st.ForEachRow([&](const store::Statement& row) -> Status {
      Result<Item> item = DecodeItem(row.ColumnText(0), row.ColumnInt(1));
      if (!item.ok()) {
        return item.status();
      }
      out.push_back(std::move(*item));
      return Status::Ok();
    }));
    return out;
  }

  Database db_;
};

}  // namespace

Result<std::unique_ptr<ItemStore>> ItemStore::Open(const std::string& path, bool create) {
  if (!create && !std::filesystem::exists(path)) {
    return Status::NotFound("no database at " + path + " (run 'qbank init' first)");
  }
  Result<Database> db = Database::Open(path, create);
  if (!db.ok()) {
    return db.status();
  }
  KHAOTHI_RETURN_IF_ERROR(db->Migrate());
  return std::unique_ptr<ItemStore>(new SqliteItemStore(std::move(*db)));
}

Result<engine::Item> ReadItemVersion(Database& db, const std::string& id, int version) {
  Statement st = db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
  st.Bind(1, id);
  st.Bind(2, version);
  KHAOTHI_ASSIGN_OR_RETURN(const bool row, st.Step());
  if (!row) {
    return Status::NotFound("item " + id + " has no version " + std::to_string(version));
  }
  Result<Item> item = DecodeItem(st.ColumnText(0), version);
  if (!item.ok()) {
    return Status::Corruption("item " + id + " version " + std::to_string(version) + ": " +
                              item.status().message());
  }
  return item;
}

}  // namespace khaothi::store
