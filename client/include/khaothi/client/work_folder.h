// The candidate's work folder for the practical test (docs/practical.md, "Collection"): one
// folder per drawn task under the station's work root, `ROOT/<task id>/<file>`, holding the
// starter files the server sent and whatever the candidate saves there.
//
// PlaceWorkFile puts a file the server sent (a starter file, or after a move to another PC the
// latest version the server holds) into the folder, after checking its SHA-256, without ever
// overwriting what the candidate saved. The WorkWatcher watches the task folders with inotify and
// reports each file whose content changed once the file has been still for a moment (office
// suites write a temporary file and rename it, and write some files in several steps), so that
// the client uploads every save with nothing for the candidate to do.
//
// Only names a work file may have are reported (engine::IsPracticalFileName and
// IsPracticalFileType): the lock files of LibreOffice (".~lock.bai.docx#") and Microsoft Office
// ("~$bai.docx"), and temporary files, are not.
//
// Thread safety: the free functions touch only the files they name. A WorkWatcher runs on the
// executor it was created with and calls its handler there; Stop() may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::client {

// A file in the work folder, as read at one moment.
struct LocalWorkFile {
  std::string task_id;
  std::string name;
  std::string bytes;
  std::string sha256;  // of `bytes`, 64 lower-case hex digits
  // Whole seconds since the epoch of the file's last change, as the PC's clock says.
  int64_t modified_s = 0;
};

enum class PlaceOutcome {
  kWritten,    // the file was absent (or held exactly these bytes) and now holds them
  kKeptLocal,  // the candidate's own version, with other bytes, was left untouched
};

// `root`/`task_id`/`name`, after checking that `task_id` and `name` are names a task and a work
// file may have (InvalidArgument otherwise: nothing outside the folder can ever be named).
khaothi::Result<std::string> WorkFilePath(const std::string& root, std::string_view task_id,
                                          std::string_view name);

// Puts `bytes` at WorkFilePath(root, task_id, name) unless a file with other bytes is there
// already (the candidate's work, which wins). Creates the folders. Written to a temporary name,
// fsynced and renamed, so a crash never leaves half a file. InvalidArgument when `bytes` do not
// hash to `sha256` (nothing is written) or a name is bad; IoError naming the path.
khaothi::Result<PlaceOutcome> PlaceWorkFile(const std::string& root, std::string_view task_id,
                                            std::string_view name, std::string_view bytes,
                                            std::string_view sha256);

// Every work file in the folders of `task_ids`, ordered by task then name. Files over
// engine::kMaxPracticalFileBytes are listed with empty bytes and an empty sha256; the caller
// reports them (the server would refuse them).
khaothi::Result<std::vector<LocalWorkFile>> ScanWorkFolder(
    const std::string& root, const std::vector<std::string>& task_ids);

class WorkWatcher {
 public:
  using Handler = std::function<void(const LocalWorkFile&)>;

  // Watches root/<id> for every id in `task_ids` (the folders are created when absent). Reports
  // a file when it has been still for `settle` after its last write or rename and its content
  // differs from what was last reported for it (or, at the start, from `known`: the SHA-256 by
  // "task/name" of what the client already knows the server holds). At the start every file present
  // is considered once, so a save made while the program was not running is not missed.
  static khaothi::Result<std::shared_ptr<WorkWatcher>> Create(
      boost::asio::any_io_executor executor, std::string root, std::vector<std::string> task_ids,
      std::map<std::string, std::string> known, std::chrono::milliseconds settle, Handler handler);
  WorkWatcher(const WorkWatcher&) = delete;
  WorkWatcher& operator=(const WorkWatcher&) = delete;
  virtual ~WorkWatcher() = default;

  // Records that the content `sha256` of task/name is known (placed by the client itself, or
  // acknowledged by the server), so that it is not reported as a change.
  virtual void Known(const std::string& task_id, const std::string& name,
                     const std::string& sha256) = 0;
  // Stops watching; no handler call begins afterwards.
  virtual void Stop() = 0;

 protected:
  WorkWatcher() = default;
};

}  // namespace khaothi::client
