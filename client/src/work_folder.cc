#include "khaothi/client/work_folder.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"

namespace khaothi::client {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// A task id as the bank allows it: letters, digits, '.', '_', '-', at most 64, not "." or "..".
bool IsTaskId(std::string_view id) {
  if (id.empty() || id.size() > 64 || id == "." || id == "..") {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool IsWorkFileName(std::string_view name) {
  return engine::IsPracticalFileName(name) && engine::IsPracticalFileType(name);
}

Status IoFailure(const std::string& path, const char* what) {
  return Status::IoError(path + ": " + what + ": " + std::strerror(errno));
}

// The file's bytes and modification time; empty bytes when it is over the limit.
khaothi::Result<LocalWorkFile> ReadWorkFile(const std::string& path, const std::string& task_id,
                                            const std::string& name) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return IoFailure(path, "stat");
  }
  LocalWorkFile f{.task_id = task_id, .name = name, .modified_s = st.st_mtim.tv_sec};
  if (st.st_size > engine::kMaxPracticalFileBytes) {
    return f;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return IoFailure(path, "open");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  f.bytes = std::move(bytes).str();
  f.sha256 = crypto::Sha256Hex(f.bytes);
  return f;
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

class WatcherImpl final : public WorkWatcher, public std::enable_shared_from_this<WatcherImpl> {
 public:
  WatcherImpl(asio::any_io_executor executor, std::string root, std::vector<std::string> task_ids,
              std::map<std::string, std::string> known, std::chrono::milliseconds settle,
              Handler handler)
      : strand_(asio::make_strand(executor)),
        stream_(strand_),
        timer_(strand_),
        root_(std::move(root)),
        task_ids_(std::move(task_ids)),
        known_(std::move(known)),
        settle_(settle),
        handler_(std::move(handler)) {}

  Status Begin() {
    const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
      return IoFailure(root_, "inotify_init1");
    }
    stream_.assign(fd);
    for (const std::string& id : task_ids_) {
      const std::string dir = root_ + "/" + id;
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) {
        return Status::IoError(dir + ": cannot create: " + ec.message());
      }
      // A save is a write that ends (close) or a rename into the folder (how office suites and
      // most editors save); a file that is deleted needs no upload.
      const int wd = ::inotify_add_watch(fd, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO);
      if (wd < 0) {
        return IoFailure(dir, "inotify_add_watch");
      }
      task_by_watch_[wd] = id;
      // Everything already there is looked at once.
      for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (IsWorkFileName(name)) {
          due_[id + "/" + name] = Clock::now();
        }
      }
    }
    // The first read and timer start on the strand, like every later step, so that nothing the
    // watcher holds is touched from two threads.
    asio::post(strand_, [self = shared_from_this()] {
      self->Read();
      self->Arm();
    });
    return Status::Ok();
  }

  void Known(const std::string& task_id, const std::string& name,
             const std::string& sha256) override {
    asio::post(strand_, [self = shared_from_this(), key = task_id + "/" + name, sha256] {
      self->known_[key] = sha256;
    });
  }

  void Stop() override {
    asio::post(strand_, [self = shared_from_this()] {
      self->stopped_ = true;
      boost::system::error_code ignored;
      self->stream_.close(ignored);
      self->timer_.cancel();
    });
  }

 private:
  using Clock = std::chrono::steady_clock;

  void Read() {
    stream_.async_read_some(asio::buffer(buffer_),
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                              if (ec || self->stopped_) {
                                return;
                              }
                              self->OnEvents(n);
                              self->Read();
                            });
  }

  void OnEvents(size_t n) {
    size_t at = 0;
    while (at + sizeof(inotify_event) <= n) {
      inotify_event ev{};
      std::memcpy(&ev, buffer_.data() + at, sizeof ev);
      std::string name;
      if (ev.len > 0) {
        name.assign(buffer_.data() + at + sizeof(inotify_event));
        name.resize(std::strlen(name.c_str()));
      }
      at += sizeof(inotify_event) + ev.len;
      auto task = task_by_watch_.find(ev.wd);
      if (task == task_by_watch_.end() || !IsWorkFileName(name)) {
        continue;
      }
      // Each new event pushes the moment back: a file is read once it has been still.
      due_[task->second + "/" + name] = Clock::now() + settle_;
    }
    Arm();
  }

  // The timer fires at the earliest due file.
  void Arm() {
    if (due_.empty() || stopped_) {
      return;
    }
    Clock::time_point earliest = Clock::time_point::max();
    for (const auto& [key, at] : due_) {
      earliest = std::min(earliest, at);
    }
    timer_.expires_at(earliest);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec == asio::error::operation_aborted || self->stopped_) {
        return;
      }
      self->OnDue();
    });
  }

  void OnDue() {
    const Clock::time_point now = Clock::now();
    std::vector<std::string> ready;
    for (auto it = due_.begin(); it != due_.end();) {
      if (it->second <= now) {
        ready.push_back(it->first);
        it = due_.erase(it);
      } else {
        ++it;
      }
    }
    for (const std::string& key : ready) {
      const size_t slash = key.find('/');
      const std::string task = key.substr(0, slash);
      const std::string name = key.substr(slash + 1);
      khaothi::Result<LocalWorkFile> f = ReadWorkFile(root_ + "/" + key, task, name);
      if (!f.ok()) {
        continue;  // deleted or renamed away meanwhile: nothing to send
      }
      auto known = known_.find(key);
      if (!f->sha256.empty() && known != known_.end() && known->second == f->sha256) {
        continue;
      }
      if (!f->sha256.empty()) {
        known_[key] = f->sha256;
      }
      handler_(*f);
      if (stopped_) {
        return;
      }
    }
    Arm();
  }

  asio::strand<asio::any_io_executor> strand_;
  asio::posix::stream_descriptor stream_;
  asio::steady_timer timer_;
  const std::string root_;
  const std::vector<std::string> task_ids_;
  std::map<std::string, std::string> known_;  // "task/name" -> SHA-256 last reported or known
  const std::chrono::milliseconds settle_;
  const Handler handler_;
  std::map<int, std::string> task_by_watch_;
  std::map<std::string, Clock::time_point> due_;  // "task/name" -> when to read it
  std::array<char, 16 * 1024> buffer_{};
  bool stopped_ = false;
};

}  // namespace

khaothi::Result<std::string> WorkFilePath(const std::string& root, std::string_view task_id,
                                          std::string_view name) {
  if (!IsTaskId(task_id)) {
    return Status::InvalidArgument("not a task id: " + std::string(task_id));
  }
  if (!IsWorkFileName(name)) {
    return Status::InvalidArgument("not a work file's name: " + std::string(name));
  }
  return root + "/" + std::string(task_id) + "/" + std::string(name);
}

khaothi::Result<PlaceOutcome> PlaceWorkFile(const std::string& root, std::string_view task_id,
                                            std::string_view name, std::string_view bytes,
                                            std::string_view sha256) {
  KHAOTHI_ASSIGN_OR_RETURN(std::string path, WorkFilePath(root, task_id, name));
  if (crypto::Sha256Hex(bytes) != sha256) {
    return Status::InvalidArgument(path + ": the bytes received do not hash to " +
                                   std::string(sha256));
  }
  std::error_code ec;
  if (fs::exists(path, ec)) {
    khaothi::Result<LocalWorkFile> there =
        ReadWorkFile(path, std::string(task_id), std::string(name));
    if (there.ok() && there->sha256 == sha256) {
      return PlaceOutcome::kWritten;
    }
    return PlaceOutcome::kKeptLocal;
  }
  const std::string dir = root + "/" + std::string(task_id);
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::IoError(dir + ": cannot create: " + ec.message());
  }
  const std::string tmp = dir + "/.khaothi-" + std::to_string(::getpid()) + ".part";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return IoFailure(tmp, "open");
  }
  const bool written = WriteAll(fd, bytes) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    errno = saved;
    return IoFailure(tmp, "write");
  }
  // link() instead of rename(): it fails when a file appeared meanwhile, so the candidate's
  // file is never replaced even in that race.
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    const int link_errno = errno;
    ::unlink(tmp.c_str());
    if (link_errno == EEXIST) {
      return PlaceOutcome::kKeptLocal;
    }
    errno = link_errno;
    return IoFailure(path, "link");
  }
  ::unlink(tmp.c_str());
  return PlaceOutcome::kWritten;
}

khaothi::Result<std::vector<LocalWorkFile>> ScanWorkFolder(
    const std::string& root, const std::vector<std::string>& task_ids) {
  std::vector<LocalWorkFile> out;
  for (const std::string& id : task_ids) {
    if (!IsTaskId(id)) {
      return Status::InvalidArgument("not a task id: " + id);
    }
    const std::string dir = root + "/" + id;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      continue;
    }
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (IsWorkFileName(name) && entry.is_regular_file(ec)) {
        names.insert(name);
      }
    }
    for (const std::string& name : names) {
      KHAOTHI_ASSIGN_OR_RETURN(LocalWorkFile f, ReadWorkFile(dir + "/" + name, id, name));
      out.push_back(std::move(f));
    }
  }
  return out;
}

khaothi::Result<std::shared_ptr<WorkWatcher>> WorkWatcher::Create(
    boost::asio::any_io_executor executor, std::string root, std::vector<std::string> task_ids,
    std::map<std::string, std::string> known, std::chrono::milliseconds settle, Handler handler) {
  for (const std::string& id : task_ids) {
    if (!IsTaskId(id)) {
      return Status::InvalidArgument("not a task id: " + id);
    }
  }
  auto w = std::make_shared<WatcherImpl>(std::move(executor), std::move(root), std::move(task_ids),
                                         std::move(known), settle, std::move(handler));
  KHAOTHI_RETURN_IF_ERROR(w->Begin());
  return std::shared_ptr<WorkWatcher>(std::move(w));
}

}  // namespace khaothi::client
