// The station's side of the practical test (protocol 1.1, docs/protocol.md "The practical test"):
// the tasks and their clock, the downloads into the work folder, and the upload of every save.
// Private to khaothi_client_lib; ExamClient's ClientImpl owns one and hands it the practical's
// messages.
//
// Downloads run one file at a time, each chunk asked for by offset, and a file is written into
// the work folder only when its SHA-256 checks (centre files never overwrite the candidate's
// own). Uploads run one at a time too: upload_begin, then the chunks from the offset the server
// names (so an upload interrupted by a reconnect or a server restart goes on where it stopped),
// and the file counts as saved only on its upload_ack. A newer save of a file waiting its turn
// replaces the older one in the queue: what matters is the latest content.
//
// Thread safety: every method but Snapshot() and Remaining() runs on the client's strand;
// those two may be called from any thread.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "khaothi/client/exam_client.h"
#include "khaothi/client/work_folder.h"
#include "khaothi/protocol/server_messages.h"

namespace khaothi::client {

class PracticalSession {
 public:
  struct Hooks {
    std::function<void(std::string)> send;  // queue one frame on the current connection
    std::function<void(Event)> emit;
    std::function<void(const std::string&)> log;
    // Runs `fn` on the client's strand while the client lives (never after it is gone).
    std::function<void(std::function<void()>)> post;
  };

  PracticalSession(boost::asio::strand<boost::asio::any_io_executor> strand, std::string work_root,
                   std::chrono::milliseconds settle, Hooks hooks);
  ~PracticalSession();

  // The candidate asked to start; sends practical_start now when `logged_in`, and after every
  // later login.
  void Want(bool logged_in);
  void Submit(bool logged_in);
  void OnLoggedIn();
  void OnDisconnected();
  void Stop();

  void On(const protocol::Practical& m);
  void On(const protocol::FileChunk& m);
  void On(const protocol::UploadReady& m);
  void On(const protocol::UploadAck& m);
  void OnTime(const protocol::TimeChange& m);
  // An error the server sent while the practical is the part in play (the theory is over).
  void OnError(const protocol::Error& m);

  std::optional<PracticalView> Snapshot() const;
  std::optional<std::chrono::milliseconds> Remaining() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Download {
    std::string sha256;
    uint64_t size = 0;
    std::string task;
    std::string name;
    bool instructions = false;
  };
  struct Upload {
    LocalWorkFile file;
    std::string id;      // from upload_ready; empty until then
    bool begun = false;  // upload_begin sent on this connection
  };

  static std::string Key(const std::string& task, const std::string& name) {
    return task + "/" + name;
  }
  bool Running() const;
  void NextDownload();
  void RequestDownload();
  void DownloadsDone();
  void OnSaved(const LocalWorkFile& f);
  void NextUpload();
  void SendChunks(uint64_t from);
  void RetryUploadLater();
  void Refuse(const std::string& key, const std::string& code, const std::string& text);
  PracticalFileView& FileView(const std::string& task, const std::string& name);
  void SetRemaining(int64_t ms);
  void Changed();

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  const std::string work_root_;
  const std::chrono::milliseconds settle_;
  const Hooks hooks_;
  boost::asio::steady_timer retry_timer_;

  // On the strand only.
  bool want_ = false;
  bool want_submit_ = false;
  bool logged_in_ = false;
  bool stopped_ = false;
  std::deque<Download> downloads_;
  std::optional<Download> downloading_;
  std::string download_bytes_;
  std::map<std::string, std::string> known_;  // "task/name" -> SHA-256 the server holds
  std::shared_ptr<WorkWatcher> watcher_;
  std::deque<std::string> upload_order_;         // keys waiting, oldest first
  std::map<std::string, LocalWorkFile> queued_;  // key -> the latest save waiting
  std::optional<Upload> current_;

  mutable std::mutex mu_;
  // Guarded by mu_.
  std::optional<PracticalView> view_;
  std::chrono::milliseconds remaining_{0};
  std::optional<Clock::time_point> remaining_at_;
};

}  // namespace khaothi::client
