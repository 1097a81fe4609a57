// Shared pieces of the `khaothi` centre administration tool: global options, argument parsing,
// opening the centre directory, and the commands' entry points.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

#include "cli.h"

namespace khaothi::tools {

namespace po = boost::program_options;

// The centre directory when --data is not given. The .deb installs this program as
// KHAOTHI_PACKAGED_BINDIR/khaothi (/usr/bin, compiled in from packaging/CMakeLists.txt); run from
// there it is the packaged centre, KHAOTHI_PACKAGED_DATA (/var/lib/khaothi), which the unit serves.
// Run from anywhere else (a build tree, a copy) it is the current directory, as before.
std::string DefaultDataDir();
// The same rule for the program at `exe` (testable without installing).
std::string DefaultDataDirFor(const std::string& exe);

struct Globals {
  std::string data = DefaultDataDir();  // the centre directory
  Messages msg{Lang::kVi};
};

// Prints "khaothi: <message>" (and, when `what` is set, a line saying what did not happen) on
// stderr; returns the exit code 1.
int Fail(const Globals& g, const Status& s);
// The message of `s` in the user's language (centre::Localize).
std::string Say(const Globals& g, const Status& s);

// The options every subcommand takes: --help, --data DIR, --lang vi|en.
po::options_description CommonOptions(const Globals& g);

// Parses `args` against `desc` (with `pos` positionals) into `vm` and applies --data/--lang to
// `g`. Returns false when --help was asked for (the help is printed). Throws po::error on bad
// arguments, which main turns into a message.
bool ParseArgs(const std::vector<std::string>& args, const po::options_description& desc,
               const po::positional_options_description& pos, po::variables_map& vm,
               std::string_view usage, Globals& g);

// DIR/center.db.
std::string DatabasePath(const Globals& g);

// An initialised centre directory, opened: the item store (migrated to this build's schema)
// and a database connection on the same file.
struct CentreHandle {
  std::unique_ptr<store::ItemStore> bank;
  store::Database db;
};
// kNotFound (with a hint to run `khaothi init`) when DIR holds no centre.
Result<CentreHandle> OpenCentreDir(const Globals& g);

// 'YYYY-MM-DD' as 'dd/mm/yyyy', the way dates are written in Vietnam.
std::string VietnameseDate(std::string_view iso);

// A CSV field: quoted (with "" for ") when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& s);

// The register of practical work files (sổ bài làm thực hành) of `session` as CSV, UTF-8 with a
// BOM: every version received, with its SHA-256, when (UTC) and from which PC, and whether it is
// the version marked (centre::WorkRegister).
Result<std::string> WorkRegisterCsv(store::Database& db, const std::string& session);

int CmdInit(Globals& g, const std::vector<std::string>& args);
int CmdCentre(Globals& g, const std::vector<std::string>& args);
int CmdPractical(Globals& g, const std::vector<std::string>& args);
int CmdSession(Globals& g, const std::vector<std::string>& args);
// `khaothi session seb-config` and `session seb-require` (session_seb.cc, docs/seb.md).
int SessionSebConfig(Globals& g, const std::vector<std::string>& args);
int SessionSebRequire(Globals& g, const std::vector<std::string>& args);
int CmdCandidates(Globals& g, const std::vector<std::string>& args);
int CmdSlips(Globals& g, const std::vector<std::string>& args);
int CmdAudit(Globals& g, const std::vector<std::string>& args);
int CmdBackup(Globals& g, const std::vector<std::string>& args);
// Issue #8: keys, results, approval, certificates, item analysis.
int CmdKeys(Globals& g, const std::vector<std::string>& args);
int CmdResults(Globals& g, const std::vector<std::string>& args);
int CmdApprove(Globals& g, const std::vector<std::string>& args);
int CmdCert(Globals& g, const std::vector<std::string>& args);
int CmdItemAnalysis(Globals& g, const std::vector<std::string>& args);
int CmdUser(Globals& g, const std::vector<std::string>& args);
int CmdMarking(Globals& g, const std::vector<std::string>& args);
// Issue 20: the certificate registry's outbox and sender.
int CmdRegistry(Globals& g, const std::vector<std::string>& args);

}  // namespace khaothi::tools
