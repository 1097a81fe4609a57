// Helpers shared by the test binaries: temporary directories, files and running real processes.
#pragma once

#include <string>
#include <vector>

namespace khaothi::testing {

// A fresh directory under the system's temporary directory, removed with everything in it when
// the object is destroyed.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& bytes);
std::string ReadFile(const std::string& path);

// `s` encoded as an application/x-www-form-urlencoded value (what a browser posts): letters,
// digits, '-', '_' and '.' as they are, every other byte as %XX.
std::string FormEncode(const std::string& s);

// The result of running a program to completion.
struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) in `cwd` with stdin closed, capturing stdout and stderr.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd = ".");

// A program running in the background with its output going to files, for tests that kill and
// restart real processes.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& cwd = ".");
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills the process (SIGKILL) if it still runs.
  ~ChildProcess();

  int pid() const { return pid_; }
  std::string out() const;  // everything it wrote to stdout so far
  std::string err() const;
  // Waits (at most `limit_ms`) for a line of stdout containing `needle`; returns that line.
  std::string WaitForLine(const std::string& needle, int limit_ms = 30'000) const;
  void Signal(int sig);
  // Waits for the process to end; its exit code, or -signal when a signal ended it.
  int Wait();

 private:
  TempDir capture_;
  int pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// The path of a program built by this project, for example BuiltProgram("tools/qbank").
std::string BuiltProgram(const std::string& relative);
// The path of a file in the source tree, for example SourceFile("question-bank/data").
std::string SourceFile(const std::string& relative);

}  // namespace khaothi::testing
