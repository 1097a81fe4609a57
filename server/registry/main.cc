// khaothi-registry: the provincial/national certificate registry over PostgreSQL
// (docs/registry.md).
//
// Over 600 lines: one short function per operator command (serve, migrate, centre add/list/
// rotate-key/suspend/resume, conflicts, export) and their shared option parsing; the next
// command should move the centre commands into their own file.
//
//   khaothi-registry [--db CONNINFO] [--lang vi|en] COMMAND ...
//     serve --tls-cert F --tls-key F [--listen-address A] [--listen-port N] ...
//     migrate
//     centre add CODE --name NAME (--client-cert F | --client-cert-sha256 HEX)
//                     --issuer-key F [--valid-from YYYY-MM-DD] [--province P]
//     centre set-province CODE PROVINCE
//     centre list
//     centre rotate-key CODE (--issuer-key F --from YYYY-MM-DD | --client-cert F | ...)
//     centre suspend CODE --reason TEXT
//     centre resume CODE
//     conflicts [--centre CODE] [--envelopes]
//     export --format csv|xml [--province P] [--centre CODE] [--from DATE] [--to DATE]
//            [--out FILE]
//
// CONNINFO is a libpq connection string ("host=/run/postgresql dbname=registry"), from --db or
// KHAOTHI_REGISTRY_DB. Messages are Vietnamese unless --lang en (or KHAOTHI_LANG=en); the
// "listening on" line of `serve` stays English, since scripts read the port from it. Every
// command exits non-zero with a clear message on any error, and a refused command changes
// nothing.
#include <cstdlib>
#include <iostream>
#include <signal.h>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "khaothi/registry/centres.h"
#include "khaothi/registry/export.h"
#include "khaothi/registry/messages.h"
#include "khaothi/registry/records.h"
#include "khaothi/registry/schema.h"
#include "khaothi/registry/server.h"

#include "cli.h"
#include "dispatch.h"

namespace khaothi::registry {
namespace {

namespace po = boost::program_options;
using tools::Messages;

struct Globals {
  Messages msg{tools::Lang::kVi};
  std::string db;
};

int Fail(const Globals& g, const Status& s) {
  std::cerr << "khaothi-registry: " << Localize(s.message(), g.msg.lang() == tools::Lang::kEn)
            << "\n";
  return 1;
}

po::options_description Common(const Globals& g) {
  po::options_description d(std::string(g.msg("Tùy chọn chung", "Common options")));
  d.add_options()("help", g.msg("xem hướng dẫn này", "show this help").data())(
      "db", po::value<std::string>(),
      g.msg("chuỗi kết nối PostgreSQL (libpq; mặc định $KHAOTHI_REGISTRY_DB)",
            "PostgreSQL connection string (libpq; default $KHAOTHI_REGISTRY_DB)")
          .data())("lang", po::value<std::string>(),
                   g.msg("ngôn ngữ: vi hoặc en", "language: vi or en").data());
  return d;
}

// Parses `args`; false when --help was answered (the caller returns 0).
bool Parse(const std::vector<std::string>& args, const po::options_description& desc,
           const po::positional_options_description& pos, po::variables_map& vm,
           std::string_view usage, Globals& g) {
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::store(po::command_line_parser(args).options(desc).positional(pos).style(style).run(), vm);
  if (vm.count("lang") != 0U) {
    Result<tools::Lang> lang = tools::ParseLang(vm["lang"].as<std::string>());
    if (!lang.ok()) {
      throw po::error(lang.status().message());
    }
    g.msg = Messages(*lang);
  }
  if (vm.count("db") != 0U) {
    g.db = vm["db"].as<std::string>();
  }
  if (vm.count("help") != 0U) {
    std::cout << g.msg("cách dùng: ", "usage: ") << "khaothi-registry " << usage << "\n\n"
              << desc << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

// The migrated database of `g`.
Result<pg::Connection> Connect(const Globals& g) {
  if (g.db.empty()) {
    return Status::InvalidArgument(Bilingual(
        "chưa cho cơ sở dữ liệu: dùng --db hoặc KHAOTHI_REGISTRY_DB (chuỗi kết nối libpq)",
        "no database given: use --db or KHAOTHI_REGISTRY_DB (a libpq connection string)"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(pg::Connection conn, pg::Connection::Open(g.db));
  KHAOTHI_RETURN_IF_ERROR(Migrate(conn));
  return conn;
}

Result<std::string> ReadText(const Globals& g, const std::string& path) {
  return tools::ReadFile(path, g.msg.lang());
}

// The fingerprint from --client-cert FILE or --client-cert-sha256 HEX; "" when neither.
Result<std::string> ClientFingerprint(const Globals& g, const po::variables_map& vm) {
  if (vm.count("client-cert") != 0U && vm.count("client-cert-sha256") != 0U) {
    return Status::InvalidArgument(
        Bilingual("chỉ cho một trong --client-cert và --client-cert-sha256",
                  "give one of --client-cert and --client-cert-sha256"));
  }
  if (vm.count("client-cert") != 0U) {
    KHAOTHI_ASSIGN_OR_RETURN(std::string pem, ReadText(g, vm["client-cert"].as<std::string>()));
    return CertificatePemFingerprint(pem);
  }
  if (vm.count("client-cert-sha256") != 0U) {
    return NormaliseFingerprint(vm["client-cert-sha256"].as<std::string>());
  }
  return std::string();
}

void AddCredentialOptions(po::options_description& d, const Messages& m) {
  d.add_options()(
      "client-cert", po::value<std::string>(),
      m("chứng chỉ TLS máy khách của trung tâm (PEM)", "the centre's TLS client certificate (PEM)")
          .data())("client-cert-sha256", po::value<std::string>(),
                   m("hoặc dấu vân tay SHA-256 của nó", "or its SHA-256 fingerprint").data())(
      "issuer-key", po::value<std::string>(),
      m("khóa công khai cấp chứng chỉ của trung tâm (PEM, khaothi keys export-public)",
        "the centre's public issuing key (PEM, khaothi keys export-public)")
          .data())("receipt-key", po::value<std::string>(),
                   m("khóa công khai ký biên nhận của máy chủ trung tâm (PEM, "
                     "keys/receipt-key.pub.pem): ký điểm thực hành và kết quả phúc khảo",
                     "the centre server's public receipt key (PEM, keys/receipt-key.pub.pem): "
                     "signs practical marks and re-marked results")
                       .data());
}

int CentreAdd(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description d("khaothi-registry centre add");
  d.add_options()("code", po::value<std::string>()->required(),
                  m("mã trung tâm", "centre code").data())(
      "name", po::value<std::string>()->required(), m("tên trung tâm", "the centre's name").data())(
      "valid-from", po::value<std::string>(),
      m("khóa có hiệu lực từ ngày (YYYY-MM-DD; mặc định: cả trước đó)",
        "the key is valid from (YYYY-MM-DD; default: also before)")
          .data())("province", po::value<std::string>()->default_value(""),
                   m("tỉnh/thành phố của trung tâm (cho xuất dữ liệu quốc gia)",
                     "the centre's province (for the national export)")
                       .data());
  AddCredentialOptions(d, m);
  d.add(Common(g));
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (!Parse(args, d, pos, vm,
             "centre add CODE --name NAME --client-cert F --issuer-key F [--receipt-key F] "
             "[--valid-from DATE] [--province P]",
             g)) {
    return 0;
  }
  Result<std::string> fingerprint = ClientFingerprint(g, vm);
  if (!fingerprint.ok()) {
    return Fail(g, fingerprint.status());
  }
  if (fingerprint->empty() || vm.count("issuer-key") == 0U) {
    return Fail(g, Status::InvalidArgument(Bilingual(
                       "cần --client-cert (hoặc --client-cert-sha256) và --issuer-key",
                       "--client-cert (or --client-cert-sha256) and --issuer-key are required")));
  }
  Result<std::string> pem = ReadText(g, vm["issuer-key"].as<std::string>());
  if (!pem.ok()) {
    return Fail(g, pem.status());
  }
  Result<std::string> receipt = vm.count("receipt-key") != 0U
                                    ? ReadText(g, vm["receipt-key"].as<std::string>())
                                    : Result<std::string>(std::string());
  if (!receipt.ok()) {
    return Fail(g, receipt.status());
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  const NewCentre centre{.code = vm["code"].as<std::string>(),
                         .name = vm["name"].as<std::string>(),
                         .client_cert_sha256 = *fingerprint,
                         .issuer_public_pem = *pem,
                         .receipt_public_pem = *receipt,
                         .valid_from = vm.count("valid-from") != 0U
                                           ? vm["valid-from"].as<std::string>()
                                           : std::string(),
                         .province = vm["province"].as<std::string>()};
  if (Status s = AddCentre(*conn, centre); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã đăng ký trung tâm ", "Registered the centre ") << centre.code << "\n";
  return 0;
}

int CentreList(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description d("khaothi-registry centre list");
  d.add(Common(g));
  po::variables_map vm;
  if (!Parse(args, d, {}, vm, "centre list", g)) {
    return 0;
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  Result<std::vector<CentreInfo>> centres = ListCentres(*conn);
  if (!centres.ok()) {
    return Fail(g, centres.status());
  }
  if (centres->empty()) {
    std::cout << m("Chưa có trung tâm nào", "No centre is registered") << "\n";
  }
  for (const CentreInfo& c : *centres) {
    const bool active = c.state == "active";
    std::cout << c.code << "  " << c.name << (c.province.empty() ? "" : " (" + c.province + ")")
              << "\n  " << (active ? m("đang hoạt động", "active") : m("bị đình chỉ", "suspended"))
              << (active ? "" : ": " + c.state_reason) << "; " << c.records
              << m(" bản ghi", " records") << "\n  "
              << m("chứng chỉ máy khách SHA-256 ", "client certificate SHA-256 ")
              << c.client_cert_sha256 << "\n";
    for (const CentreKey& k : c.keys) {
      std::cout << "  "
                << (k.purpose == KeyPurpose::kIssuing ? m("khóa cấp ", "issuing key ")
                                                      : m("khóa biên nhận ", "receipt key "))
                << k.key_id << "  " << (k.valid_from.empty() ? "…" : k.valid_from) << " → "
                << (k.valid_until.empty() ? std::string(m("nay", "now")) : k.valid_until) << "\n";
    }
  }
  return 0;
}

int CentreRotate(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description d("khaothi-registry centre rotate-key");
  d.add_options()("code", po::value<std::string>()->required(),
                  m("mã trung tâm", "centre code").data())(
      "from", po::value<std::string>(),
      m("khóa mới có hiệu lực từ ngày (YYYY-MM-DD); khóa cũ hết hiệu lực ngày đó",
        "the new key is valid from (YYYY-MM-DD); the old one until that day")
          .data());
  AddCredentialOptions(d, m);
  d.add(Common(g));
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (!Parse(
          args, d, pos, vm,
          "centre rotate-key CODE ((--issuer-key | --receipt-key) F --from DATE | --client-cert F)",
          g)) {
    return 0;
  }
  const std::string code = vm["code"].as<std::string>();
  Result<std::string> fingerprint = ClientFingerprint(g, vm);
  if (!fingerprint.ok()) {
    return Fail(g, fingerprint.status());
  }
  const bool issuer = vm.count("issuer-key") != 0U;
  const bool receipt = vm.count("receipt-key") != 0U;
  if (issuer && receipt) {
    return Fail(g, Status::InvalidArgument(Bilingual("đổi từng khóa một: --issuer-key hoặc "
                                                     "--receipt-key",
                                                     "rotate one key at a time: --issuer-key or "
                                                     "--receipt-key")));
  }
  if (!issuer && !receipt && fingerprint->empty()) {
    return Fail(g, Status::InvalidArgument(Bilingual(
                       "không có gì để đổi: cho --issuer-key và --from, hoặc --client-cert",
                       "nothing to rotate: give --issuer-key with --from, or --client-cert")));
  }
  if ((issuer || receipt) && vm.count("from") == 0U) {
    return Fail(g, Status::InvalidArgument(Bilingual(
                       "đổi khóa cấp chứng chỉ cần --from (ngày khóa mới có hiệu lực)",
                       "rotating the issuing key needs --from (the new key's first day)")));
  }
  std::string pem;
  if (issuer || receipt) {
    Result<std::string> text =
        ReadText(g, vm[issuer ? "issuer-key" : "receipt-key"].as<std::string>());
    if (!text.ok()) {
      return Fail(g, text.status());
    }
    pem = *text;
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  // Both in one transaction, so a refused half leaves the other unchanged too.
  pg::Transaction tx(*conn);
  Status s = tx.Begin();
  if (s.ok() && (issuer || receipt)) {
    s = RotateKey(*conn, code, issuer ? KeyPurpose::kIssuing : KeyPurpose::kReceipt, pem,
                  vm["from"].as<std::string>());
  }
  if (s.ok() && !fingerprint->empty()) {
    s = SetClientCertificate(*conn, code, *fingerprint);
  }
  if (s.ok()) {
    s = tx.Commit();
  }
  if (!s.ok()) {
    return Fail(g, s);
  }
  if (issuer) {
    std::cout << m("Đã đổi khóa cấp chứng chỉ của ", "Rotated the issuing key of ") << code
              << m(" từ ngày ", " from ") << vm["from"].as<std::string>() << "\n";
  }
  if (receipt) {
    std::cout << m("Đã đổi khóa ký biên nhận của ", "Rotated the receipt key of ") << code
              << m(" từ ngày ", " from ") << vm["from"].as<std::string>() << "\n";
  }
  if (!fingerprint->empty()) {
    std::cout << m("Đã thay chứng chỉ máy khách của ", "Replaced the client certificate of ")
              << code << "\n";
  }
  return 0;
}

int CentreState(Globals& g, const std::vector<std::string>& args, bool suspend) {
  const Messages& m = g.msg;
  po::options_description d(suspend ? "khaothi-registry centre suspend"
                                    : "khaothi-registry centre resume");
  d.add_options()("code", po::value<std::string>()->required(),
                  m("mã trung tâm", "centre code").data());
  if (suspend) {
    d.add_options()("reason", po::value<std::string>(), m("lý do đình chỉ", "why").data());
  }
  d.add(Common(g));
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (!Parse(args, d, pos, vm, suspend ? "centre suspend CODE --reason TEXT" : "centre resume CODE",
             g)) {
    return 0;
  }
  const std::string code = vm["code"].as<std::string>();
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  const Status s =
      suspend ? SuspendCentre(*conn, code,
                              vm.count("reason") != 0U ? vm["reason"].as<std::string>() : "")
              : ResumeCentre(*conn, code);
  if (!s.ok()) {
    return Fail(g, s);
  }
  std::cout << (suspend ? m("Đã đình chỉ trung tâm ", "Suspended the centre ")
                        : m("Trung tâm hoạt động lại: ", "Resumed the centre "))
            << code << "\n";
  return 0;
}

int CentreSetProvince(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description d("khaothi-registry centre set-province");
  d.add_options()("code", po::value<std::string>()->required(),
                  m("mã trung tâm", "centre code").data())(
      "province", po::value<std::string>()->required(),
      m("tỉnh/thành phố (\"\" để xóa)", "the province (\"\" to clear)").data());
  d.add(Common(g));
  po::positional_options_description pos;
  pos.add("code", 1).add("province", 1);
  po::variables_map vm;
  if (!Parse(args, d, pos, vm, "centre set-province CODE PROVINCE", g)) {
    return 0;
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  const std::string code = vm["code"].as<std::string>();
  if (Status s = SetCentreProvince(*conn, code, vm["province"].as<std::string>()); !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã ghi tỉnh/thành phố của trung tâm ", "Set the province of the centre ") << code
            << "\n";
  return 0;
}

int CmdCentre(Globals& g, const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "add") {
    return CentreAdd(g, rest);
  }
  if (sub == "list") {
    return CentreList(g, rest);
  }
  if (sub == "rotate-key") {
    return CentreRotate(g, rest);
  }
  if (sub == "suspend" || sub == "resume") {
    return CentreState(g, rest, sub == "suspend");
  }
  if (sub == "set-province") {
    return CentreSetProvince(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr) << g.msg("cách dùng: ", "usage: ")
                                 << "khaothi-registry centre add | list | rotate-key | suspend | "
                                    "resume | set-province (--help)\n";
  return help ? 0 : 1;
}

// The national export, to stdout or (--out) to a file written whole or not at all.
int CmdExport(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description d("khaothi-registry export");
  ExportFilter filter;
  std::string format_name;
  std::string out_path;
  d.add_options()("format", po::value(&format_name)->required(), "csv | xml")(
      "province", po::value(&filter.province),
      m("chỉ các trung tâm thuộc tỉnh/thành phố này", "only centres in this province").data())(
      "centre", po::value(&filter.centre), m("chỉ trung tâm này", "only this centre").data())(
      "from", po::value(&filter.from),
      m("cấp từ ngày (YYYY-MM-DD)", "issued on or after (YYYY-MM-DD)").data())(
      "to", po::value(&filter.to),
      m("cấp đến ngày (YYYY-MM-DD)", "issued on or before (YYYY-MM-DD)").data())(
      "out", po::value(&out_path),
      m("tệp kết quả (mặc định: stdout)",
        "output file (default: "
        "stdout)")
          .data());
  d.add(Common(g));
  po::variables_map vm;
  if (!Parse(args, d, {}, vm,
             "export --format csv|xml [--province P] [--centre CODE] [--from DATE] [--to DATE] "
             "[--out FILE]",
             g)) {
    return 0;
  }
  Result<ExportFormat> format = ParseExportFormat(format_name);
  if (!format.ok()) {
    return Fail(g, format.status());
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  if (Status s = CheckExportFilter(*conn, filter); !s.ok()) {
    return Fail(g, s);
  }
  Result<int64_t> count =
      out_path.empty()
          ? ExportCertificates(
                *conn, filter, *format,
                [](std::string_view piece) {
                  std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
                  return std::cout ? Status::Ok()
                                   : Status::IoError(
                                         Bilingual("lỗi ghi kết quả", "cannot write the output"));
                })
          : ExportToFile(*conn, filter, *format, out_path);
  if (!count.ok()) {
    return Fail(g, count.status());
  }
  if (!out_path.empty()) {
    std::cout << m("Đã xuất ", "Exported ") << *count << m(" chứng chỉ vào ", " certificates to ")
              << out_path << "\n";
  } else {
    std::cout.flush();
  }
  return 0;
}

int CmdConflicts(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description d("khaothi-registry conflicts");
  d.add_options()("centre", po::value<std::string>()->default_value(""),
                  m("chỉ của trung tâm này", "of this centre only").data())(
      "envelopes", m("in cả phong bì bị từ chối", "also print the refused envelopes").data());
  d.add(Common(g));
  po::variables_map vm;
  if (!Parse(args, d, {}, vm, "conflicts [--centre CODE] [--envelopes]", g)) {
    return 0;
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  Result<std::vector<Conflict>> conflicts = ListConflicts(*conn, vm["centre"].as<std::string>());
  if (!conflicts.ok()) {
    return Fail(g, conflicts.status());
  }
  if (conflicts->empty()) {
    std::cout << m("Không có xung đột nào", "No conflicts") << "\n";
  }
  for (const Conflict& c : *conflicts) {
    std::cout << c.record_id << "  " << c.received_at << "\n  " << m("bản đã lưu  ", "stored   ")
              << c.stored_sha256 << "\n  " << m("bản bị từ chối ", "refused  ") << c.offered_sha256
              << "\n";
    if (vm.count("envelopes") != 0U) {
      std::cout << "  " << c.envelope << "\n";
    }
  }
  return 0;
}

int CmdMigrate(Globals& g, const std::vector<std::string>& args) {
  po::options_description d("khaothi-registry migrate");
  d.add(Common(g));
  po::variables_map vm;
  if (!Parse(args, d, {}, vm, "migrate", g)) {
    return 0;
  }
  Result<pg::Connection> conn = Connect(g);
  if (!conn.ok()) {
    return Fail(g, conn.status());
  }
  std::cout << g.msg("Lược đồ cơ sở dữ liệu ở phiên bản ", "The database schema is at version ")
            << SchemaVersion() << "\n";
  return 0;
}

int CmdServe(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  RegistryConfig c;
  RegistryLimits& l = c.limits;
  po::options_description d("khaothi-registry serve");
  d.add_options()(
      "tls-cert", po::value(&c.tls_cert)->required(),
      m("chuỗi chứng chỉ TLS của sổ đăng ký (PEM)", "the registry's TLS chain (PEM)").data())(
      "tls-key", po::value(&c.tls_key)->required(),
      m("khóa bí mật TLS (PEM)", "the TLS private key (PEM)").data())(
      "listen-address", po::value(&c.listen_address)->default_value(c.listen_address),
      m("địa chỉ lắng nghe", "address to listen on").data())(
      "listen-port", po::value(&c.listen_port)->default_value(c.listen_port),
      m("cổng TCP (0: một cổng trống bất kỳ)", "TCP port (0: any free port)").data())(
      "threads", po::value(&c.threads)->default_value(c.threads),
      m("số luồng vào/ra", "I/O threads").data())(
      "db-connections", po::value(&l.db_connections)->default_value(l.db_connections),
      m("số kết nối PostgreSQL", "PostgreSQL connections").data())(
      "max-batch-records", po::value(&l.max_batch_records)->default_value(l.max_batch_records),
      m("số bản ghi tối đa của một lô", "most records in one batch").data())(
      "max-body-bytes", po::value(&l.max_body_bytes)->default_value(l.max_body_bytes),
      m("cỡ lớn nhất của một yêu cầu (byte)", "largest request body (bytes)").data());
  d.add(Common(g));
  po::variables_map vm;
  if (!Parse(args, d, {}, vm, "serve --tls-cert F --tls-key F [--listen-port N] ...", g)) {
    return 0;
  }
  if (g.db.empty()) {
    return Fail(g, Connect(g).status());
  }
  if (c.threads < 1 || c.threads > 64 || l.db_connections < 1 || l.db_connections > 64 ||
      l.max_batch_records < 1 || l.max_body_bytes < 1024) {
    return Fail(g, Status::InvalidArgument(Bilingual(
                       "--threads và --db-connections từ 1 đến 64, --max-batch-records ít nhất 1, "
                       "--max-body-bytes ít nhất 1024",
                       "--threads and --db-connections take 1 to 64, --max-batch-records at least "
                       "1, --max-body-bytes at least 1024")));
  }
  c.database = g.db;
  // SIGINT and SIGTERM are taken by sigwait below, on this thread alone.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Result<std::unique_ptr<RegistryServer>> server = RegistryServer::Create(c);
  if (!server.ok()) {
    return Fail(g, server.status());
  }
  (*server)->Start();
  std::cout << "khaothi-registry: listening on " << c.listen_address << ":" << (*server)->port()
            << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << m("Đang dừng...", "Stopping...") << std::endl;
  (*server)->Shutdown();
  return 0;
}

int Main(int argc, char** argv) {
  Globals g;
  if (const char* env = std::getenv("KHAOTHI_REGISTRY_DB"); env != nullptr) {
    g.db = env;
  }
  const auto with = [&g](int (*command)(Globals&, const std::vector<std::string>&)) {
    return [&g, command](const std::vector<std::string>& args) { return command(g, args); };
  };
  const tools::Tool tool{
      "khaothi-registry",
      15,
      {{"--db", "CONNINFO", "chuỗi kết nối PostgreSQL (mặc định $KHAOTHI_REGISTRY_DB)",
        "PostgreSQL connection string (default $KHAOTHI_REGISTRY_DB)",
        [&g](std::string v) { g.db = std::move(v); }}},
      {
          {"serve", with(CmdServe), "nhận bản ghi đã ký của các trung tâm qua HTTPS (TLS 1.3)",
           "receive the centres' signed records over HTTPS (TLS 1.3)"},
          {"centre", with(CmdCentre),
           "trung tâm: add, list, rotate-key, suspend, resume, set-province",
           "centres: add, list, rotate-key, suspend, resume, set-province"},
          {"conflicts", with(CmdConflicts),
           "bản ghi bị từ chối vì trùng id với bản đã lưu (xung đột)",
           "records refused because another is stored under their id"},
          {"export", with(CmdExport),
           "xuất chứng chỉ cho cơ sở dữ liệu quốc gia (CSV, XML), theo tỉnh/trung tâm/thời gian",
           "export certificates for the national database (CSV, XML) by province, centre, period"},
          {"migrate", with(CmdMigrate), "đưa lược đồ cơ sở dữ liệu lên phiên bản mới nhất",
           "bring the database schema up to date"},
      }};
  return tools::RunTool(tool, argc, argv, g.msg, [&g](const Status& s) { return Fail(g, s); });
}

}  // namespace
}  // namespace khaothi::registry

int main(int argc, char** argv) { return khaothi::registry::Main(argc, argv); }
