#include "app.h"

#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "khaothi/client/exam_client.h"
#include "khaothi/client/ui/client_config.h"
#include "khaothi/client/ui/model.h"
#include "khaothi/client/ui/text.h"

#include "terminal.h"

namespace khaothi::client::tui {
namespace {

// Events from the client's strand to the UI thread.
class EventQueue {
 public:
  void Push(const Event& e) {
    std::lock_guard lock(mu_);
    events_.push_back(e);
  }
  std::deque<Event> Take() {
    std::lock_guard lock(mu_);
    std::deque<Event> out;
    out.swap(events_);
    return out;
  }

 private:
  std::mutex mu_;
  std::deque<Event> events_;
};

ui::ClientView Snapshot(const ExamClient& c) {
  ui::ClientView v;
  v.connected = c.connected();
  v.info = c.info();
  v.questions = c.questions();
  v.answers = c.answers();
  v.remaining = c.remaining();
  v.attempt_state = c.attempt_state();
  v.result = c.result();
  v.pending = c.pending_count();
  v.practical = c.practical();
  v.practical_remaining = c.practical_remaining();
  return v;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int RunApp(const AppOptions& options) {
  auto config = ui::LoadClientConfig(options.config_path);
  ClientOptions co;
  std::string server = "?";
  if (config.ok()) {
    co.host = config->server_host;
    co.port = config->server_port;
    co.ca_pem = config->ca_pem;
    server = co.host + ":" + std::to_string(co.port);
  }
  co.machine = options.machine;
  co.work_root = options.work_root;

  ui::Model model(ui::ModelOptions{options.lang, server, options.machine});
  if (!config.ok()) {
    // The file's name on every screen; the English reason on the English one (and on stderr).
    model.SetFatal(
        std::string(ui::Text(options.lang, ui::Msg::kBadCa)) + "\n" +
            ui::Format(ui::Text(options.lang, ui::Msg::kConfigFile), {options.config_path}),
        config.status().message());
  }

  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread io_thread([&io] { io.run(); });
  auto queue = std::make_shared<EventQueue>();
  std::shared_ptr<ExamClient> client;
  if (config.ok()) {
    client = ExamClient::Create(io.get_executor(), co, [queue](const Event& e) { queue->Push(e); });
    client->Connect();
  }

  bool quit = false;
  auto perform = [&](const std::vector<ui::Action>& actions) {
    for (const ui::Action& a : actions) {
      switch (a.kind) {
        case ui::Action::Kind::kQuit:
          quit = true;
          break;
        case ui::Action::Kind::kLogin:
          if (client) {
            client->Login(a.sbd, a.password);
          }
          break;
        case ui::Action::Kind::kStart:
          if (client) {
            client->Start();
          }
          break;
        case ui::Action::Kind::kAnswer:
          if (client) {
            client->Answer(a.slot, a.choice);
          }
          break;
        case ui::Action::Kind::kFlag:
          if (client) {
            client->Flag(a.slot, a.flagged);
          }
          break;
        case ui::Action::Kind::kSubmit:
          if (client) {
            client->Submit();
          }
          break;
        case ui::Action::Kind::kReport:
          if (client) {
            client->ReportDataError(a.text);
          }
          break;
        case ui::Action::Kind::kStartPractical:
          if (client) {
            client->StartPractical();
          }
          break;
        case ui::Action::Kind::kSubmitPractical:
          if (client) {
            client->SubmitPractical();
          }
          break;
      }
    }
  };
  auto sync = [&] {
    if (client) {
      perform(model.Sync(Snapshot(*client), NowMs()));
    } else {
      perform(model.Sync(ui::ClientView{}, NowMs()));
    }
  };

  {
    Terminal term(kTickMs);
    while (!quit) {
      for (const Event& e : queue->Take()) {
        sync();
        perform(model.OnEvent(e));
      }
      sync();
      term.Draw(model.Render(term.width(), term.height()));
      if (std::optional<ui::Input> in = term.Read()) {
        sync();
        perform(model.OnInput(*in));
      }
    }
  }
  if (client) {
    client->Stop();
  }
  work.reset();
  io.stop();
  io_thread.join();
  // After the screen is restored: what the technician needs to fix a set-up fault.
  if (const std::string detail = model.SetupFaultDetail(); !detail.empty()) {
    std::fprintf(stderr, "khaothi-client: %s\n", detail.c_str());
  }
  return 0;
}

}  // namespace khaothi::client::tui
