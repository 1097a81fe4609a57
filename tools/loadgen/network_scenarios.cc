// khaothi-loadgen's network scenarios: N candidates through the real client library over TLS on
// loopback against the real khaothi-server, as a child process.
//   start     all candidates log in and fetch their forms at once (the synchronised start)
//   steady    then each answers a question every --interval-ms for --seconds
//   deadline  then everyone submits at once
//   churn     steady, while --churn-percent of the candidates drop their connection every second;
//             then all drop at once and reconnect
//   all       start, steady, churn, deadline in turn
//   crash     steady, while the server is SIGKILLed --kills times and restarted on its port
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <thread>
#include <unistd.h>

#include <boost/asio.hpp>

#include "khaothi/client/exam_client.h"

#include "loadgen.h"

namespace khaothi::loadgen {
namespace {

namespace net = boost::asio;
using client::EventType;

struct Sim {
  std::string sbd;
  std::string password;
  std::shared_ptr<client::ExamClient> client;
  std::mutex mu;
  Clock::time_point login_sent, start_sent, submit_sent;
  std::map<uint64_t, Clock::time_point> sent;  // seq -> when Answer() was called
  std::atomic<bool> logged_in{false}, have_form{false}, have_result{false};
  std::atomic<int> forms{0};  // forms received, reconnects included
};

// The candidates' connection counts added up.
client::ConnectionStats SumStats(const std::vector<std::unique_ptr<Sim>>& sims) {
  client::ConnectionStats sum;
  for (const auto& s : sims) {
    const client::ConnectionStats c = s->client->connection_stats();
    sum.handshakes += c.handshakes;
    sum.tls_resumed += c.tls_resumed;
    sum.password_logins += c.password_logins;
    sum.resume_logins += c.resume_logins;
    sum.resume_refused += c.resume_refused;
  }
  return sum;
}

void PrintReconnects(const client::ConnectionStats& before, const client::ConnectionStats& after) {
  std::printf(
      "  reconnects: %lu TLS handshakes, %lu resumed; logins: %lu by resume token, %lu by "
      "password, %lu tokens refused\n",
      static_cast<unsigned long>(after.handshakes - before.handshakes),
      static_cast<unsigned long>(after.tls_resumed - before.tls_resumed),
      static_cast<unsigned long>(after.resume_logins - before.resume_logins),
      static_cast<unsigned long>(after.password_logins - before.password_logins),
      static_cast<unsigned long>(after.resume_refused - before.resume_refused));
}

std::atomic<uint64_t> g_acks{0};

bool WaitAll(const std::vector<std::unique_ptr<Sim>>& sims, std::atomic<bool> Sim::*flag,
             std::chrono::seconds limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    if (std::all_of(sims.begin(), sims.end(), [&](const auto& s) { return ((*s).*flag).load(); })) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace

int RunNetwork(const Options& o, const std::vector<std::pair<std::string, std::string>>& accounts) {
  ServerProcess server = StartServer(o);
  const long rss_idle = ProcKb(server.pid, "VmRSS");
  std::printf("server: pid %d port %u, RSS %ld KiB before any connection\n", server.pid,
              server.port, rss_idle);

  std::ifstream ca_in(o.workdir + "/tls/ca.pem");
  const std::string ca((std::istreambuf_iterator<char>(ca_in)), std::istreambuf_iterator<char>());
  net::io_context ioc;
  auto work = net::make_work_guard(ioc);
  std::vector<std::thread> threads;
  for (int i = 0; i < o.client_threads; ++i) {
    threads.emplace_back([&] { ioc.run(); });
  }
  std::vector<std::unique_ptr<Sim>> sims;
  for (auto& [sbd, password] : accounts) {
    auto sim = std::make_unique<Sim>();
    sim->sbd = sbd;
    sim->password = password;
    Sim* raw = sim.get();
    client::ClientOptions co;
    co.host = "127.0.0.1";
    co.port = server.port;
    co.ca_pem = ca;
    co.machine = "LOAD-" + sbd;
    co.resume = o.resume;
    co.connect_timeout = std::chrono::seconds(30);
    co.log = [](std::string_view line) {
      std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
    };
    sim->client = client::ExamClient::Create(ioc.get_executor(), co, [raw](const client::Event& e) {
      const auto now = Clock::now();
      std::lock_guard lock(raw->mu);
      switch (e.type) {
        case EventType::kLoggedIn:
          if (!raw->logged_in) {
            g_login.Add(now - raw->login_sent);
            raw->logged_in = true;
          }
          break;
        case EventType::kForm:
          ++raw->forms;
          if (!raw->have_form) {
            g_form.Add(now - raw->start_sent);
            raw->have_form = true;
          }
          break;
        case EventType::kAck:
          if (auto it = raw->sent.find(e.seq); it != raw->sent.end()) {
            g_ack.Add(now - it->second);
            raw->sent.erase(it);
          }
          ++g_acks;
          break;
        case EventType::kResult:
          if (!raw->have_result) {
            g_result.Add(now - raw->submit_sent);
            raw->have_result = true;
          }
          break;
        default:
          break;
      }
    });
    sims.push_back(std::move(sim));
  }

  // ---- The synchronised start: everyone logs in and asks for the form at once.
  Phase("start: all candidates log in and fetch their forms at once");
  const double cpu_before_start = ProcCpuSeconds(server.pid);
  const double own_cpu_before_start = ProcCpuSeconds(getpid());
  const auto t_start = Clock::now();
  for (auto& s : sims) {
    {
      std::lock_guard lock(s->mu);
      s->login_sent = s->start_sent = Clock::now();
    }
    s->client->Connect();
    s->client->Login(s->sbd, s->password);
    s->client->Start();
  }
  const bool all_forms = WaitAll(sims, &Sim::have_form, std::chrono::seconds(120));
  const double start_s = std::chrono::duration<double>(Clock::now() - t_start).count();
  std::printf("  %d of %d candidates had their forms after %.2f s\n",
              static_cast<int>(std::count_if(sims.begin(), sims.end(),
                                             [](auto& s) { return s->have_form.load(); })),
              o.candidates, start_s);
  g_login.Print("login");
  g_form.Print("form");
  const double start_cpu = ProcCpuSeconds(server.pid) - cpu_before_start;
  std::printf("  server CPU %.2f s: %.2f ms per candidate\n", start_cpu,
              1000.0 * start_cpu / o.candidates);
  // The clients' own handshakes share the cores: what they took says how much was left.
  std::printf("  load generator CPU %.2f s (%d client threads)\n",
              ProcCpuSeconds(getpid()) - own_cpu_before_start, o.client_threads);
  const long rss_burst = ProcKb(server.pid, "VmRSS");
  std::printf("  server RSS %ld KiB just after the start: %.1f KiB per candidate\n", rss_burst,
              static_cast<double>(rss_burst - rss_idle) / o.candidates);
  if (!all_forms) {
    Die("not every candidate received a form");
  }
  // What the candidates keep for the rest of the exam: measured once the server has handed the
  // start's transient memory back (server limit memory_trim_interval, 10 s), while every
  // candidate stays connected and reads a question.
  std::this_thread::sleep_for(std::chrono::seconds(11));
  const long rss_connected = ProcKb(server.pid, "VmRSS");
  std::printf(
      "  server RSS %ld KiB with %d candidates connected, 11 s later: %.1f KiB per "
      "candidate (peak %ld KiB)\n",
      rss_connected, o.candidates, static_cast<double>(rss_connected - rss_idle) / o.candidates,
      ProcKb(server.pid, "VmHWM"));

  std::mt19937 rng(1);
  // `kills` > 0: the server is killed that many times, evenly over the phase, and restarted on
  // the same port at once; the clients find it again by themselves.
  auto answer_phase = [&](const char* name, bool churn, int kills) {
    Phase(name);
    g_ack.Clear();
    const uint64_t acks_before = g_acks;
    const double cpu_before = ProcCpuSeconds(server.pid);
    const auto t0 = Clock::now();
    const auto end = t0 + std::chrono::seconds(o.seconds);
    // Each candidate answers on its own schedule, spread evenly over the interval.
    std::vector<Clock::time_point> next(sims.size());
    for (size_t i = 0; i < sims.size(); ++i) {
      next[i] = t0 + std::chrono::milliseconds(o.interval_ms) * i / sims.size();
    }
    auto next_churn = t0 + std::chrono::seconds(1);
    int dropped = 0;
    int killed = 0;
    double cpu_of_killed = 0;  // the CPU of the servers that were killed, for the phase's total
    auto next_kill = [&] {
      return t0 + std::chrono::seconds(o.seconds) * (killed + 1) / (kills + 1);
    };
    const client::ConnectionStats stats_before = SumStats(sims);
    while (Clock::now() < end) {
      const auto now = Clock::now();
      for (size_t i = 0; i < sims.size(); ++i) {
        if (now < next[i]) {
          continue;
        }
        next[i] += std::chrono::milliseconds(o.interval_ms);
        Sim& s = *sims[i];
        const int slot = static_cast<int>(rng() % 30);
        std::lock_guard lock(s.mu);
        const uint64_t seq = s.client->Answer(slot, {static_cast<int>(rng() % 4)});
        if (seq != 0) {
          s.sent[seq] = now;
        }
      }
      if (killed < kills && now >= next_kill()) {
        cpu_of_killed += ProcCpuSeconds(server.pid);
        const auto k0 = Clock::now();
        KillServer();
        server = StartServer(o, server.port);
        ++killed;
        std::printf("  kill %d: the server was SIGKILLed and listened again after %.2f s\n", killed,
                    std::chrono::duration<double>(Clock::now() - k0).count());
      }
      if (churn && now >= next_churn) {
        next_churn += std::chrono::seconds(1);
        for (auto& s : sims) {
          if (static_cast<int>(rng() % 100) < o.churn_percent) {
            s->client->Reconnect();
            ++dropped;
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // Let every pending answer be acknowledged.
    const auto drain_end = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < drain_end && std::any_of(sims.begin(), sims.end(), [](auto& s) {
             return s->client->pending_count() > 0;
           })) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const uint64_t acks = g_acks - acks_before;
    std::printf("  %lu durable acks in %.2f s: %.0f acks/s%s\n", static_cast<unsigned long>(acks),
                secs, static_cast<double>(acks) / secs,
                churn ? (" (" + std::to_string(dropped) + " connections dropped)").c_str() : "");
    g_ack.Print("ack");
    if (churn) {
      PrintReconnects(stats_before, SumStats(sims));
    }
    const double cpu = cpu_of_killed + ProcCpuSeconds(server.pid) - cpu_before;
    std::printf("  server CPU %.2f s (%.0f %% of one core): %.1f us per ack\n", cpu,
                100.0 * cpu / secs, acks > 0 ? 1e6 * cpu / static_cast<double>(acks) : 0.0);
    std::printf("  server RSS %ld KiB, peak %ld KiB\n", ProcKb(server.pid, "VmRSS"),
                ProcKb(server.pid, "VmHWM"));
  };
  if (o.scenario == "steady" || o.scenario == "all") {
    answer_phase("steady: each candidate answers every interval", false, 0);
  }
  if (o.scenario == "churn" || o.scenario == "all") {
    answer_phase("churn: answering while connections drop and reconnect", true, 0);
    // What one reconnect costs the server: everyone drops at once (a switch restarting) and
    // comes back to its form; nobody answers meanwhile.
    Phase("reconnect: every candidate drops its connection at once and gets its form again");
    std::vector<int> forms_before;
    for (auto& s : sims) {
      forms_before.push_back(s->forms.load());
    }
    const client::ConnectionStats stats_before = SumStats(sims);
    const double cpu_before = ProcCpuSeconds(server.pid);
    const auto t0 = Clock::now();
    for (auto& s : sims) {
      s->client->Reconnect();
    }
    const auto end = t0 + std::chrono::seconds(120);
    auto back = [&] {
      for (size_t i = 0; i < sims.size(); ++i) {
        if (sims[i]->forms.load() <= forms_before[i]) {
          return false;
        }
      }
      return true;
    };
    while (!back() && Clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = ProcCpuSeconds(server.pid) - cpu_before;
    std::printf("  all %d back with their forms after %.2f s\n", o.candidates, secs);
    PrintReconnects(stats_before, SumStats(sims));
    std::printf("  server CPU %.2f s: %.0f us per reconnect\n", cpu, 1e6 * cpu / o.candidates);
    if (!back()) {
      Die("not every candidate got its form again after reconnecting");
    }
  }
  if (o.scenario == "crash") {
    answer_phase("crash: answering while the server is killed and restarted", false, o.kills);
  }
  if (o.scenario == "deadline" || o.scenario == "all") {
    Phase("deadline: everyone submits at once");
    const double cpu_before = ProcCpuSeconds(server.pid);
    const double own_cpu_before = ProcCpuSeconds(getpid());
    const auto t0 = Clock::now();
    for (auto& s : sims) {
      {
        std::lock_guard lock(s->mu);
        s->submit_sent = Clock::now();
      }
      s->client->Submit();
    }
    WaitAll(sims, &Sim::have_result, std::chrono::seconds(120));
    std::printf("  %d results after %.2f s\n",
                static_cast<int>(std::count_if(sims.begin(), sims.end(),
                                               [](auto& s) { return s->have_result.load(); })),
                std::chrono::duration<double>(Clock::now() - t0).count());
    g_result.Print("result");
    const double cpu = ProcCpuSeconds(server.pid) - cpu_before;
    std::printf("  server CPU %.2f s: %.0f us per result; load generator CPU %.2f s\n", cpu,
                1e6 * cpu / o.candidates, ProcCpuSeconds(getpid()) - own_cpu_before);
  }

  // ---- Stop, then check every acknowledged answer against the database.
  // Stop() ends every operation of a client, so the I/O threads return once all have ended
  // (STYLE.md rule 11). ioc.stop() is only the bound: a client destroyed with operations still
  // queued in the io_context would free their timers and streams under it.
  for (auto& s : sims) {
    s->client->Stop();
  }
  work.reset();
  const auto stop_end = Clock::now() + std::chrono::seconds(30);
  while (!ioc.stopped() && Clock::now() < stop_end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool clients_ended = ioc.stopped();
  ioc.stop();
  for (auto& t : threads) {
    t.join();
  }
  if (!clients_ended) {
    std::fprintf(stderr, "khaothi-loadgen: clients still busy 30 s after Stop()\n");
  }
  StopServer();

  std::vector<AckedAnswers> acked_answers;
  for (auto& s : sims) {
    AckedAnswers a{s->sbd, {}};
    for (const auto& slot : s->client->answers()) {
      a.by_slot.push_back(slot.pending ? std::vector<int>{} : slot.choice);
    }
    acked_answers.push_back(std::move(a));
  }
  const auto [acked, lost] = CheckAgainstDatabase(o, acked_answers);
  const int status = PrintLoss(acked, lost);
  return clients_ended ? status : 1;
}

}  // namespace khaothi::loadgen
