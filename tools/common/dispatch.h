// The one front door of khaothi's command-line tools (`qbank`, `khaothi`): the language
// (KHAOTHI_LANG, then --lang), the tool's own global options before the command, the table of
// commands with their one-line help, and Boost.Program_options errors turned into a message in
// the user's language that names the command's --help.
//
//   qbank [--db PATH] [--lang vi|en] COMMAND [--help] ...
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/program_options/errors.hpp>

#include "khaothi/engine/status.h"

#include "cli.h"

namespace khaothi::tools {

// A global option that takes a value, given before the command: "--data DIR" or "--data=DIR".
struct ToolOption {
  const char* name;   // "--data"
  const char* value;  // "DIR", shown in the usage line
  const char* vi;     // one line of help in each language
  const char* en;
  std::function<void(std::string)> set;
};

struct ToolCommand {
  const char* name;
  // Runs the command on the arguments after its name; returns the exit code. May throw
  // boost::program_options::error, which RunTool turns into a message.
  std::function<int(const std::vector<std::string>&)> run;
  const char* vi;  // one line of help in each language
  const char* en;
};

struct Tool {
  const char* program;  // "qbank"
  int name_width;       // the column the commands' help starts at
  std::vector<ToolOption> options;
  std::vector<ToolCommand> commands;
};

// Runs argv[1..] against `tool`. `msg` is set from KHAOTHI_LANG and --lang before any command
// runs, so the commands see the user's language. `fail` reports a Status to the user and returns
// the exit code. Without a command, prints the usage and returns 1 (0 for --help).
int RunTool(const Tool& tool, int argc, char** argv, Messages& msg,
            const std::function<int(const Status&)>& fail);

// A command-line parsing error in the user's language (Boost's own texts are English only).
std::string ArgumentError(const Messages& msg, const boost::program_options::error& e);

}  // namespace khaothi::tools
