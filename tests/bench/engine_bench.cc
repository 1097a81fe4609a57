// Engine micro-benchmarks (DESIGN.md §7): form generation, 30 items from a 2,000-item bank, target
// >= 100,000 forms/s on one core; and graded attempts per second.
//
//   cmake --preset release -B build/eng-rel && cmake --build build/eng-rel --target engine_bench
//   -j2 build/eng-rel/tests/engine_bench
#include <benchmark/benchmark.h>

#include "khaothi/engine/attempt.h"
#include "khaothi/engine/form.h"
#include "khaothi/engine/grading.h"

#include "../engine/test_bank.h"

namespace khaothi::engine {
namespace {

const std::vector<Item>& Bank2000() {
  static const std::vector<Item>* const kBank = new std::vector<Item>(testing::SyntheticBank(2000));
  return *kBank;
}

// A session's path: the generator is prepared once for the frozen snapshot, then one form per
// candidate.
void BM_GenerateForm(benchmark::State& state) {
  const Blueprint b = testing::Basic30();
  Result<FormGenerator> g = FormGenerator::Create(Bank2000(), b);
  if (!g.ok()) {
    state.SkipWithError(g.status().ToString().c_str());
    return;
  }
  uint64_t seed = 1;
  for (auto _ : state) {
    Result<Form> f = g->Generate(seed++);
    benchmark::DoNotOptimize(f);
  }
  state.counters["forms/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateForm);

// The same with a retake's recently-seen set of 30 items.
void BM_GenerateFormRetake(benchmark::State& state) {
  const Blueprint b = testing::Basic30();
  Result<FormGenerator> g = FormGenerator::Create(Bank2000(), b);
  if (!g.ok()) {
    state.SkipWithError(g.status().ToString().c_str());
    return;
  }
  std::set<std::string> seen;
  const Form first = *g->Generate(12345);
  for (const FormSlot& s : first.slots) {
    seen.insert(s.item_id);
  }
  uint64_t seed = 1;
  for (auto _ : state) {
    Result<Form> f = g->Generate(seed++, seen);
    benchmark::DoNotOptimize(f);
  }
  state.counters["forms/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateFormRetake);

// GenerateForm() without a prepared generator: matches the whole bank to the cells every time.
void BM_GenerateFormOneShot(benchmark::State& state) {
  const Blueprint b = testing::Basic30();
  uint64_t seed = 1;
  for (auto _ : state) {
    Result<Form> f = GenerateForm(Bank2000(), b, seed++);
    benchmark::DoNotOptimize(f);
  }
  state.counters["forms/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GenerateFormOneShot);

struct GradingInput {
  Blueprint blueprint = testing::Basic30();
  std::vector<Form> forms;
  std::vector<std::vector<const Item*>> items;
  std::vector<std::vector<std::vector<int>>> responses;
};

GradingInput MakeGradingInput() {
  GradingInput in;
  Result<FormGenerator> g = FormGenerator::Create(Bank2000(), in.blueprint);
  for (uint64_t seed = 0; seed < 64; ++seed) {
    Form f = *g->Generate(seed);
    std::vector<std::vector<int>> r;
    for (const FormSlot& s : f.slots) {
      r.push_back({s.option_order[0]});
    }
    in.items.push_back(*ResolveFormItems(f, Bank2000()));
    in.responses.push_back(std::move(r));
    in.forms.push_back(std::move(f));
  }
  return in;
}

// Grading one submitted attempt whose items are at hand (the server keeps the session's items).
void BM_GradeAttempt(benchmark::State& state) {
  const GradingInput in = MakeGradingInput();
  size_t k = 0;
  for (auto _ : state) {
    Result<GradeResult> r = GradeAttempt(in.forms[k], in.items[k], in.responses[k], in.blueprint);
    benchmark::DoNotOptimize(r);
    k = (k + 1) % in.forms.size();
  }
  state.counters["attempts/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GradeAttempt);

// The same, also finding the form's items in the 2,000-item snapshot each time.
void BM_ResolveAndGradeAttempt(benchmark::State& state) {
  const GradingInput in = MakeGradingInput();
  size_t k = 0;
  for (auto _ : state) {
    Result<std::vector<const Item*>> items = ResolveFormItems(in.forms[k], Bank2000());
    Result<GradeResult> r = GradeAttempt(in.forms[k], *items, in.responses[k], in.blueprint);
    benchmark::DoNotOptimize(r);
    k = (k + 1) % in.forms.size();
  }
  state.counters["attempts/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ResolveAndGradeAttempt);

// A whole sitting in the engine: attempt created, unlocked, started, 30 answers, submitted,
// graded.
void BM_AttemptLifecycle(benchmark::State& state) {
  const GradingInput in = MakeGradingInput();
  FakeClock clock;
  size_t k = 0;
  for (auto _ : state) {
    Attempt a(in.forms[k], std::chrono::minutes(30), {}, clock);
    (void)a.Unlock();
    (void)a.Start();
    for (int s = 0; s < a.slot_count(); ++s) {
      (void)a.RecordAnswer(s, in.responses[k][static_cast<size_t>(s)], 1, clock.Now());
    }
    (void)a.Submit(SubmittedBy::kCandidate);
    Result<GradeResult> r = GradeAttempt(in.forms[k], in.items[k], a.Responses(), in.blueprint);
    benchmark::DoNotOptimize(r);
    k = (k + 1) % in.forms.size();
  }
  state.counters["attempts/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AttemptLifecycle);

}  // namespace
}  // namespace khaothi::engine

BENCHMARK_MAIN();
