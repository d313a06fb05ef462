// reports_bench: the per-fact cost of the checkers and the per-epoch trace on
// a synthetic naive-like fact stream (every node LISTs, observes, races to
// create the next epoch and loses or wins, every round), without the
// simulator. Prints nanoseconds per fact for the stream alone and with the
// sinks attached. Not a test: timings are never asserted.
//
//   reports_bench [nodes=1000] [rounds=600] [checkers|trace|checkers+trace]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/checkers.hpp"
#include "reports/trace_recorder.hpp"

using namespace holocron;
using namespace holocron::reports;

namespace {

// Accepts and discards everything, so the trace is formatted but not stored.
class DiscardBuffer final : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize count) override { return count; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

// Feeds the synthetic run to `sinks`; returns the number of facts.
std::uint64_t feed(std::size_t nodes, std::size_t rounds, const std::vector<FactSink*>& sinks) {
  RunHeader header;
  header.scenario_name = "bench";
  header.algorithm = Algorithm::kNaive;
  for (std::size_t i = 0; i < nodes; ++i) header.node_names.push_back(fmt::format("n{}", i));
  header.duration_ns = seconds(static_cast<std::int64_t>(rounds));
  header.lease_ns = seconds(10);
  header.poll_interval_ns = seconds(1);
  for (FactSink* sink : sinks) sink->on_header(header);
  std::uint64_t facts = 0;
  std::string key = "election/00000000000000000000";
  Event observed;
  observed.kind = EventKind::kObservedEpoch;
  Event attempt;
  attempt.kind = EventKind::kAttemptEnded;
  Epoch epoch = 0;
  NodeIndex leader = kNoNode;
  for (std::size_t round = 0; round < rounds; ++round) {
    const Nanos round_ns = seconds(static_cast<std::int64_t>(round));
    const Epoch next = epoch + 1;
    const auto winner = static_cast<NodeIndex>(round % nodes);
    for (std::size_t i = 0; i < nodes; ++i) {
      const auto node = static_cast<NodeIndex>(i);
      const Nanos t = round_ns + static_cast<Nanos>(i) * 1000;
      StoreOpFact list{t,           node,        OpKind::kList, Condition::kNone, "b",
                       "election/", Status::kOk, false,         std::nullopt,     {},
                       16,          {}};
      for (FactSink* sink : sinks) sink->on_store_op(list);
      observed.epoch = epoch;
      NodeEventFact seen{t + 10, t + 10, node, &observed};
      if (epoch > 0) {
        for (FactSink* sink : sinks) sink->on_node_event(seen);
        ++facts;
      }
      const bool wins = node == winner;
      StoreOpFact create{t + 20,
                         node,
                         OpKind::kPut,
                         Condition::kIfNoneMatch,
                         "b",
                         key,
                         wins ? Status::kOk : Status::kPreconditionFailed,
                         wins,
                         next,
                         header.node_names[i],
                         0,
                         {}};
      for (FactSink* sink : sinks) sink->on_store_op(create);
      attempt.epoch = next;
      attempt.attempt = wins ? AttemptOutcome::kWon : AttemptOutcome::kLost;
      NodeEventFact ended{t + 40, t + 40, node, &attempt};
      for (FactSink* sink : sinks) sink->on_node_event(ended);
      facts += 3;
      if (wins) {
        if (leader != kNoNode) {
          ActingFact stop{t + 40, leader, epoch, false, "round_ended"};
          for (FactSink* sink : sinks) sink->on_acting(stop);
          ++facts;
        }
        ActingFact start{t + 40, node, next, true, {}};
        for (FactSink* sink : sinks) sink->on_acting(start);
        ++facts;
        leader = node;
      }
    }
    epoch = next;
  }
  RunEnd end;
  end.end_ns = header.duration_ns;
  for (FactSink* sink : sinks) sink->on_run_end(end);
  return facts;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t nodes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000;
  const std::size_t rounds = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 600;
  if (nodes == 0 || rounds == 0) {
    std::fprintf(stderr, "usage: reports_bench [nodes>0] [rounds>0]\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  const std::uint64_t facts = feed(nodes, rounds, {});
  const double bare_s = seconds_since(start);

  const double facts_d = static_cast<double>(facts);
  std::printf("facts=%llu epochs=%zu\n", static_cast<unsigned long long>(facts), rounds);
  std::printf("stream_only_ns_per_fact=%.1f\n", bare_s * 1e9 / facts_d);

  // Each configuration separately, then both, as holosim attaches them.
  const std::string_view only = argc > 3 ? argv[3] : "";
  for (const char* mode : {"checkers", "trace", "checkers+trace"}) {
    const std::string_view name = mode;
    if (!only.empty() && only != name) continue;
    DiscardBuffer discard;
    std::ostream out(&discard);
    CheckerSet checkers;
    TraceRecorder recorder(TraceOptions{}, &out);
    std::vector<FactSink*> sinks;
    if (name != "trace") sinks.push_back(&checkers);
    if (name != "checkers") sinks.push_back(&recorder);
    start = std::chrono::steady_clock::now();
    (void)feed(nodes, rounds, sinks);
    const Verdict verdict = checkers.verdict();
    if (name != "checkers") (void)recorder.finish(verdict);
    const double with_s = seconds_since(start);
    std::printf("%s_ns_per_fact=%.1f\n", mode, (with_s - bare_s) * 1e9 / facts_d);
  }
  return 0;
}
