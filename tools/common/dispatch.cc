#include "dispatch.h"

#include <cstdlib>
#include <iostream>
#include <string_view>

#include <boost/program_options/errors.hpp>

namespace khaothi::tools {

namespace po = boost::program_options;

namespace {

void PrintUsage(const Tool& tool, const Messages& msg) {
  std::cout << msg("cách dùng: ", "usage: ") << tool.program;
  for (const ToolOption& o : tool.options) {
    std::cout << " [" << o.name << " " << o.value << "]";
  }
  std::cout << " [--lang vi|en] COMMAND [--help] ...\n\n" << msg("Lệnh:\n", "Commands:\n");
  for (const ToolCommand& c : tool.commands) {
    std::cout << "  " << FitWidth(c.name, tool.name_width) << msg(c.vi, c.en) << "\n";
  }
  std::cout << "\n";
  for (const ToolOption& o : tool.options) {
    std::cout << FitWidth(std::string(o.name) + " " + o.value, 12) << msg(o.vi, o.en) << "\n";
  }
  std::cout << FitWidth("--lang", 12)
            << msg("ngôn ngữ: vi (mặc định) hoặc en", "language: vi (default) or en") << "\n";
}

}  // namespace

std::string ArgumentError(const Messages& msg, const po::error& e) {
  if (msg.lang() == Lang::kEn) {
    return e.what();
  }
  // Boost's own texts are English only; the Vietnamese ones name the same option.
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&e); named != nullptr) {
    const std::string option = named->get_option_name();
    if (dynamic_cast<const po::required_option*>(&e) != nullptr) {
      return "thiếu tùy chọn bắt buộc " + option;
    }
    if (dynamic_cast<const po::unknown_option*>(&e) != nullptr) {
      return "tùy chọn lạ " + option;
    }
    if (dynamic_cast<const po::multiple_occurrences*>(&e) != nullptr) {
      return option + " chỉ được cho một lần";
    }
    if (dynamic_cast<const po::invalid_option_value*>(&e) != nullptr) {
      return "giá trị của " + option + " không hợp lệ";
    }
    if (const auto* syntax = dynamic_cast<const po::invalid_command_line_syntax*>(&e);
        syntax != nullptr && syntax->kind() == po::invalid_syntax::missing_parameter) {
      return option + " cần một giá trị";
    }
    if (dynamic_cast<const po::ambiguous_option*>(&e) != nullptr) {
      return "tùy chọn " + option + " không rõ nghĩa";
    }
  }
  if (dynamic_cast<const po::too_many_positional_options_error*>(&e) != nullptr) {
    return "thừa đối số";
  }
  return "đối số không hợp lệ: " + std::string(e.what());
}

int RunTool(const Tool& tool, int argc, char** argv, Messages& msg,
            const std::function<int(const Status&)>& fail) {
  if (const char* env = std::getenv("KHAOTHI_LANG"); env != nullptr) {
    if (Result<Lang> l = ParseLang(env); l.ok()) {
      msg = Messages(*l);
    }
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  // Global options come before the command.
  size_t i = 0;
  while (i < args.size() && args[i].starts_with("--")) {
    std::string opt = args[i];
    std::string value;
    const ToolOption* own = nullptr;
    for (const ToolOption& o : tool.options) {
      if (opt == o.name || opt.starts_with(std::string(o.name) + "=")) {
        own = &o;
      }
    }
    const bool takes_value = own != nullptr || opt == "--lang" || opt.starts_with("--lang=");
    if (const size_t eq = opt.find('='); eq != std::string::npos) {
      value = opt.substr(eq + 1);
      opt.resize(eq);
    } else if (takes_value) {
      if (i + 1 >= args.size()) {
        return fail(
            Status::InvalidArgument(opt + std::string(msg(" cần một giá trị", " needs a value"))));
      }
      value = args[++i];
    }
    if (own != nullptr) {
      own->set(std::move(value));
    } else if (opt == "--lang") {
      Result<Lang> l = ParseLang(value);
      if (!l.ok()) {
        return fail(l.status());
      }
      msg = Messages(*l);
    } else if (opt == "--help") {
      PrintUsage(tool, msg);
      return 0;
    } else {
      return fail(
          Status::InvalidArgument(std::string(msg("tùy chọn lạ ", "unknown option ")) + opt));
    }
    ++i;
  }
  if (i >= args.size()) {
    PrintUsage(tool, msg);
    return 1;
  }
  const std::string name = args[i];
  const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                      args.end());
  for (const ToolCommand& c : tool.commands) {
    if (name == c.name) {
      try {
        return c.run(rest);
      } catch (const po::error& e) {
        return fail(Status::InvalidArgument(ArgumentError(msg, e) + " (" +
                                            std::string(msg("xem", "see")) + " " + tool.program +
                                            " " + name + " --help)"));
      }
    }
  }
  std::cerr << tool.program << ": " << msg("không có lệnh '", "no command '") << name << "'\n";
  PrintUsage(tool, msg);
  return 1;
}

}  // namespace khaothi::tools
