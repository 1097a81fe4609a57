#include "registry_world.h"

#include <chrono>
#include <memory>
#include <stdexcept>
#include <variant>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/centre.h"
#include "khaothi/centre/certificates.h"
#include "khaothi/centre/results.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

void Ok(const Status& s, const char* what) {
  if (!s.ok()) {
    throw std::runtime_error(std::string("RegistryWorld: ") + what + ": " + s.ToString());
  }
}

template <typename T>
T Ok(Result<T> r, const char* what) {
  Ok(r.status(), what);
  return std::move(r).value();
}

// The displayed position of the key of each slot of `sbd`'s form.
std::vector<int> KeyPositions(store::Database& db, const std::string& sbd) {
  const engine::Form form = Ok(centre::GetForm(db, "S1", sbd), "form");
  std::vector<int> out;
  for (const engine::FormSlot& slot : form.slots) {
    store::Statement q =
        db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
    q.Bind(1, slot.item_id);
    q.Bind(2, slot.item_version);
    if (!Ok(q.Step(), "item")) {
      throw std::runtime_error("RegistryWorld: item missing");
    }
    bank::ParsedBank parsed = bank::ParseNative(q.ColumnText(0), "t");
    const auto& options = parsed.items.at(0).item.options;
    int pos = 0;
    for (size_t p = 0; p < slot.option_order.size(); ++p) {
      if (options[static_cast<size_t>(slot.option_order[p])].correct) {
        pos = static_cast<int>(p);
      }
    }
    out.push_back(pos);
  }
  return out;
}

// Every candidate answers every question right, on the real server.
void SitSession(const TestCentre& centre) {
  server::ServerConfig config = centre.Config(0);
  // Every candidate logs in from this one address.
  config.limits.max_logins_per_address = static_cast<int>(centre.passwords().size()) + 30;
  auto s = Ok(server::Server::Create(config), "server");
  s->Start();
  auto db = Ok(store::Database::Open(centre.db_path(), false), "open db");
  IoThreads io;
  std::vector<std::unique_ptr<Candidate>> cs;
  for (const auto& [sbd, password] : centre.passwords()) {
    cs.push_back(std::make_unique<Candidate>(io.executor(), centre.ca_pem(), s->port(), sbd,
                                             password, "PC-" + sbd));
  }
  // Each step for everyone before the next, so that the waits overlap.
  for (auto& c : cs) {
    c->Begin();
  }
  for (auto& c : cs) {
    if (!c->WaitUntil([&] { return c->Saw(client::EventType::kLoggedIn); })) {
      std::string seen;
      for (const client::Event& e : c->events()) {
        seen += " [" + e.code + " " + e.text + "]";
      }
      throw std::runtime_error("RegistryWorld: " + c->sbd() + " could not log in:" + seen);
    }
    c->client().Start();
  }
  for (auto& c : cs) {
    if (!c->WaitUntil([&] { return c->Saw(client::EventType::kForm); })) {
      throw std::runtime_error("RegistryWorld: form");
    }
    const std::vector<int> keys = KeyPositions(db, c->sbd());
    for (const auto& q : c->client().questions()) {
      c->client().Answer(q.slot, {keys[static_cast<size_t>(q.slot)]});
    }
  }
  for (auto& c : cs) {
    if (!c->WaitUntil([&] { return c->client().pending_count() == 0; })) {
      throw std::runtime_error("RegistryWorld: answers");
    }
    c->client().Submit();
  }
  for (auto& c : cs) {
    if (!c->WaitUntil([&] { return c->client().result().has_value(); })) {
      throw std::runtime_error("RegistryWorld: result");
    }
  }
  s->Shutdown();
}

RegistryWorld Build() {
  RegistryWorld w;
  // The centre lives as long as the process: its TLS files are the centre's client certificate.
  static ApprovedCentre kCentre = ApproveCentre(3);
  const TestCentre* centre = kCentre.centre.get();
  auto db = Ok(store::Database::Open(centre->db_path(), false), "open db");
  const centre::Change change{"test", NowMs()};
  w.centre_code = kCentre.code;
  w.centre_name = kCentre.name;
  w.issuer = std::move(kCentre.issuer);
  w.receipt = std::move(kCentre.receipt);
  w.marks = kCentre.marks;
  w.decision = kCentre.decision;
  centre::IssueOptions options;
  options.issued_date = "2026-12-05";
  for (const centre::CertificateInfo& c :
       Ok(centre::IssueCertificates(db, w.issuer, "S1", options, change), "issue")) {
    w.certificates.push_back(c.signed_json);
  }
  if (w.certificates.size() != 3) {
    throw std::runtime_error("RegistryWorld: expected 3 certificates");
  }
  w.revocation = Ok(centre::RevokeCertificate(db, w.issuer, "1/2026", "Cấp nhầm", "2026-12-05",
                                              change, "20/QĐ-TTGDTX"),
                    "revoke")
                     .revocation_json;
  w.tls_dir = centre->dir() + "/tls";
  w.centre_dir = centre->dir();
  return w;
}

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ApprovedCentre ApproveCentre(int candidates, const std::string& code) {
  ApprovedCentre a;
  a.centre = std::make_unique<TestCentre>(CentreOptions{.candidates = candidates, .code = code});
  SitSession(*a.centre);
  auto db = Ok(store::Database::Open(a.centre->db_path(), false), "open db");
  const centre::Change change{"test", NowMs()};
  const centre::CentreInfo info = Ok(centre::GetCentre(db), "centre");
  a.code = info.code;
  a.name = info.name;
  Ok(centre::CloseSession(db, "S1", "", change), "close");
  // The practical part's marks, as the markers enter them (signed with the server's receipt key).
  std::string marks = "sbd,van-ban,bang-tinh,trinh-chieu\n";
  for (const auto& [sbd, password] : a.centre->passwords()) {
    marks += sbd + ",8,7.5,9\n";
  }
  Ok(centre::ImportMarks(db, "S1", marks, "", "", a.receipt, change).status(), "marks");
  store::Statement entered = db.Prepare("SELECT signed FROM practical_marks ORDER BY sbd");
  Ok(entered.ForEachRow([&](const store::Statement& row) { a.marks.push_back(row.ColumnText(0)); }),
     "read marks");
  Ok(centre::RegisterIssuer(db, a.issuer.PublicPem(), "Nguyễn Văn Thủ", "Giám đốc", change),
     "issuer");
  a.decision = Ok(centre::ApproveResults(db, a.issuer, "S1", "15/QĐ-TTGDTX", "2026-12-05", false,
                                         "", change),
                  "approve")
                   .signed_json;
  // Serials are unique nationally (each printed blank has its own): another centre's differ.
  const std::string pattern = code == "TTGDTX-TEST" ? "CB{YY}-{seq:06}" : code + "-{YY}-{seq:06}";
  Ok(centre::ConfigureBlankStock(db, "UDCNTT-CB", pattern, 1, 100'000, change), "stock");
  return a;
}

const RegistryWorld& RegistryWorld::Get() {
  // Built once: a failure is remembered and reported to every test that needs the world, not
  // retried on a centre whose session was already sat.
  static const std::variant<RegistryWorld, std::string> world =
      []() -> std::variant<RegistryWorld, std::string> {
    try {
      return Build();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  }();
  if (const std::string* error = std::get_if<std::string>(&world)) {
    throw std::runtime_error(*error);
  }
  return std::get<RegistryWorld>(world);
}

boost::json::value Envelope(const std::string& envelope_json) {
  return boost::json::parse(envelope_json);
}

}  // namespace khaothi::testing
