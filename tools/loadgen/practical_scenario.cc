// khaothi-loadgen's practical scenario (issue 15): N stations over TLS on loopback, speaking
// protocol 1.1 frame by frame (the client library does not sit the practical). Each hands in the
// theory, starts the practical and then saves a --file-kib file every --interval-ms (30 s by
// default), each station at its own offset within the interval, for --seconds: upload_begin, the
// chunks, the upload_ack. It reports the upload's ack latency (from upload_begin sent to
// upload_ack received) and the throughput; then, on the same disk, the raw cost of what each
// version needs there: the same files written to a temporary name, fsynced, renamed and the
// folder fsynced, one after another. At the end it stops the server and checks that every
// acknowledged version is a row of work_versions whose blob holds the bytes that were sent.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <thread>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/store/database.h"

#include "loadgen.h"

namespace khaothi::loadgen {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using net::awaitable;
using net::use_awaitable;
using Socket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

Histogram g_upload;

// One acknowledged version, for the final check.
struct Acked {
  std::string sbd, task, name, sha256;
  int version = 0;
};

struct Totals {
  std::atomic<uint64_t> versions{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<int> ready{0};  // stations whose practical has started
  std::mutex mu;
  std::vector<Acked> acked;
};

// The bytes of version `n` of a station's file: `size` bytes, different for every version.
std::string FileBytes(size_t size, const std::string& sbd, int n) {
  std::string s(size, '\0');
  uint64_t x =
      std::hash<std::string>{}(sbd) ^ (static_cast<uint64_t>(n) * uint64_t{0x9E3779B97F4A7C15});
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xff);
  }
  return s;
}

awaitable<json::object> Read(Socket& ws) {
  beast::flat_buffer buffer;
  co_await ws.async_read(buffer, use_awaitable);
  co_return json::parse(beast::buffers_to_string(buffer.data())).as_object();
}

// The next message of type `type`, skipping pushes (time, notice, pong); an error message
// throws.
awaitable<json::object> Expect(Socket& ws, std::string_view type) {
  for (;;) {
    json::object m = co_await Read(ws);
    const std::string_view t = m.at("type").as_string();
    if (t == type) {
      co_return m;
    }
    if (t == "error" || t == "closed") {
      throw std::runtime_error("expected " + std::string(type) + ", got " + json::serialize(m));
    }
  }
}

awaitable<void> Send(Socket& ws, const std::string& frame) {
  co_await ws.async_write(net::buffer(frame), use_awaitable);
}

awaitable<void> RunStation(const Options& o, ssl::context& tls, uint16_t port, std::string sbd,
                           std::string password, Clock::time_point first_save,
                           Clock::time_point end, Totals& totals) {
  auto ex = co_await net::this_coro::executor;
  Socket ws(ex, tls);
  try {
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(60));
    co_await beast::get_lowest_layer(ws).async_connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), use_awaitable);
    // SNI, as the station sends it (SSL_set_tlsext_host_name is a macro with a C cast).
    SSL_ctrl(ws.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
             TLSEXT_NAMETYPE_host_name, const_cast<char*>("localhost"));
    co_await ws.next_layer().async_handshake(ssl::stream_base::client, use_awaitable);
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    co_await ws.async_handshake("localhost", "/ws", use_awaitable);
    ws.text(true);
    ws.read_message_max(1 << 20);
    co_await Send(ws, protocol::EncodeHello("khaothi-loadgen"));
    co_await Expect(ws, "hello");
    co_await Send(ws, protocol::EncodeLogin(sbd, password, "LOAD-" + sbd));
    co_await Expect(ws, "login_ok");
    co_await Send(ws, protocol::EncodeStart());
    co_await Expect(ws, "form");
    co_await Send(ws, protocol::EncodeSubmit());
    co_await Expect(ws, "result");
    co_await Send(ws, protocol::EncodePracticalStart());
    const json::object practical = co_await Expect(ws, "practical");
    const std::string task(
        practical.at("tasks").as_array().at(0).as_object().at("task").as_string());
    ++totals.ready;

    net::steady_timer timer(ex);
    const size_t size = static_cast<size_t>(o.file_kib) * 1024;
    int n = 0;
    for (Clock::time_point next = first_save; next < end;
         next += std::chrono::milliseconds(o.interval_ms)) {
      timer.expires_at(next);
      co_await timer.async_wait(use_awaitable);
      const std::string bytes = FileBytes(size, sbd, ++n);
      const std::string sha = crypto::Sha256Hex(bytes);
      const auto t0 = Clock::now();
      co_await Send(ws, protocol::EncodeUploadBegin(task, "bai-lam.xlsx", size, sha));
      const json::object ready = co_await Expect(ws, "upload_ready");
      const std::string upload(ready.at("upload").as_string());
      for (size_t at = static_cast<size_t>(ready.at("offset").as_int64()); at < size;) {
        const size_t len = std::min(protocol::kMaxUploadChunkBytes, size - at);
        co_await Send(
            ws, protocol::EncodeUploadChunk(upload, at, std::string_view(bytes).substr(at, len)));
        at += len;
      }
      const json::object ack = co_await Expect(ws, "upload_ack");
      g_upload.Add(Clock::now() - t0);
      ++totals.versions;
      totals.bytes += size;
      std::lock_guard lock(totals.mu);
      totals.acked.push_back(
          {sbd, task, "bai-lam.xlsx", sha, static_cast<int>(ack.at("version").as_int64())});
    }
    co_await ws.async_close(websocket::close_code::normal, use_awaitable);
  } catch (const std::exception& e) {
    if (totals.errors++ < 5) {
      std::fprintf(stderr, "khaothi-loadgen: %s: %s\n", sbd.c_str(), e.what());
    }
  }
}

// Raw fsync+rename of `count` files of `size` bytes in `dir`, one after another, as the server
// stores a version's blob: a temporary file written and fsynced, renamed, the folder fsynced.
void RawFsyncRename(const std::string& dir, int count, size_t size) {
  std::filesystem::create_directories(dir);
  Histogram h;
  const auto t0 = Clock::now();
  for (int i = 0; i < count; ++i) {
    const std::string bytes = FileBytes(size, "raw", i);
    const std::string tmp = dir + "/tmp-" + std::to_string(i);
    const std::string name = dir + "/" + crypto::Sha256Hex(bytes);
    const auto t = Clock::now();
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok =
        fd >= 0 && ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ok = fd >= 0 && ::fsync(fd) == 0 && ok;
    ok = fd >= 0 && ::close(fd) == 0 && ok;
    ok = ok && ::rename(tmp.c_str(), name.c_str()) == 0;
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ok = ok && dfd >= 0 && ::fsync(dfd) == 0;
    if (dfd >= 0) {
      ::close(dfd);
    }
    if (!ok) {
      Die("raw fsync+rename in " + dir + " failed");
    }
    h.Add(Clock::now() - t);
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf(
      "  raw fsync+rename of %d files of %zu KiB, one at a time: %.1f files/s, %.1f MiB/s\n", count,
      size / 1024, count / s,
      static_cast<double>(count) * static_cast<double>(size) / s / 1048576.0);
  h.Print("raw");
  std::filesystem::remove_all(dir);
}

}  // namespace

int RunPractical(const Options& o,
                 const std::vector<std::pair<std::string, std::string>>& accounts) {
  ServerProcess server = StartServer(o);
  std::printf("server: pid %d port %u, RSS %ld KiB before any connection\n", server.pid,
              server.port, ProcKb(server.pid, "VmRSS"));
  ssl::context tls(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_3_VERSION);
  tls.load_verify_file(o.workdir + "/tls/ca.pem");
  tls.set_verify_mode(ssl::verify_peer);
  net::io_context ioc;
  Totals totals;

  Phase("practical: every station hands in the theory, starts the practical, then saves");
  std::printf("  a %d KiB file every %d ms for %d s, each station at its own offset\n", o.file_kib,
              o.interval_ms, o.seconds);
  // Everyone starts first (the synchronised start is the other scenarios' business): the saves
  // begin two seconds per hundred stations later, each at a random offset within the interval.
  const auto saves_from =
      Clock::now() + std::chrono::milliseconds(2000 + 20 * static_cast<int64_t>(accounts.size()));
  const auto end = saves_from + std::chrono::seconds(o.seconds);
  std::mt19937 rng(15);
  for (const auto& [sbd, password] : accounts) {
    const auto offset = std::chrono::milliseconds(rng() % static_cast<unsigned>(o.interval_ms));
    net::co_spawn(net::make_strand(ioc),
                  RunStation(o, tls, server.port, sbd, password, saves_from + offset, end, totals),
                  net::detached);
  }
  const double cpu_before = ProcCpuSeconds(server.pid);
  std::vector<std::thread> threads;
  for (int i = 0; i < o.client_threads; ++i) {
    threads.emplace_back([&] { ioc.run(); });
  }
  for (auto& t : threads) {
    t.join();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - saves_from).count();
  const double cpu = ProcCpuSeconds(server.pid) - cpu_before;
  std::printf(
      "  %d of %zu stations started the practical; %llu versions acknowledged, %llu "
      "errors\n",
      totals.ready.load(), accounts.size(), static_cast<unsigned long long>(totals.versions.load()),
      static_cast<unsigned long long>(totals.errors.load()));
  std::printf("  throughput: %.1f versions/s, %.2f MiB/s of work files over %.0f s\n",
              static_cast<double>(totals.versions) / seconds,
              static_cast<double>(totals.bytes) / seconds / 1048576.0, seconds);
  g_upload.Print("upload");
  std::printf("  server: CPU %.1f s (%.0f%% of one core), RSS %ld KiB, peak %ld KiB\n", cpu,
              100.0 * cpu / seconds, ProcKb(server.pid, "VmRSS"), ProcKb(server.pid, "VmHWM"));

  Phase("raw: the same files, fsync+rename on the same disk");
  RawFsyncRename(o.workdir + "/raw-fsync",
                 static_cast<int>(std::clamp<uint64_t>(totals.versions, 100, 2000)),
                 static_cast<size_t>(o.file_kib) * 1024);

  StopServer();
  // Every acknowledged version is a row whose blob holds exactly the bytes sent.
  auto db = store::Database::Open(o.workdir + "/center.db", false);
  Check(db.status(), "reopen");
  uint64_t lost = 0;
  std::map<std::string, std::vector<centre::WorkVersion>> by_sbd;
  for (const Acked& a : totals.acked) {
    auto it = by_sbd.find(a.sbd);
    if (it == by_sbd.end()) {
      auto versions = centre::WorkVersions(*db, "LOAD", a.sbd);
      Check(versions.status(), "work versions");
      it = by_sbd.emplace(a.sbd, std::move(*versions)).first;
    }
    const bool row = std::any_of(it->second.begin(), it->second.end(), [&](const auto& v) {
      return v.task_id == a.task && v.name == a.name && v.version == a.version &&
             v.sha256 == a.sha256;
    });
    if (!row || !centre::ReadWorkBlob(o.workdir, a.sha256).ok()) {
      ++lost;
    }
  }
  const int status = PrintLoss(totals.acked.size(), lost);
  return totals.errors == 0 ? status : (status == 0 ? 1 : status);
}

}  // namespace khaothi::loadgen
