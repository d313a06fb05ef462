// Test support for the core: a tiny in-memory object store with S3's
// conditional semantics, and a tiny cluster driver that runs electors against
// it with instant responses on a tick clock. Deterministic by construction
// (ordered maps, no clocks, no threads). Faults are scripted per request by
// the test through Cluster::fault.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/elector.hpp"
#include "core/prng.hpp"
#include "core/store.hpp"

namespace holocron::testing {

struct StoredObject {
  std::string body;
  std::string etag;
};

class FakeStore {
 public:
  // Buckets that exist; a request to any other gets NoSuchBucket.
  std::set<std::string> buckets{"holocron"};
  std::map<std::string, StoredObject> objects;  // "bucket/key" -> object
  // Returns true when the request of node `node_id` must be refused with 403.
  std::function<bool(const std::string& node_id, const StoreRequest&)> forbid;
  std::uint64_t etag_counter = 0;
  std::map<OpKind, int> counts;

  static std::string path(std::string_view bucket, std::string_view key) {
    return std::string(bucket) + "/" + std::string(key);
  }

  StoredObject* find(std::string_view bucket, std::string_view key) {
    const auto found = objects.find(path(bucket, key));
    return found == objects.end() ? nullptr : &found->second;
  }

  // Writes an object directly (a test setting the scene); returns its ETag.
  std::string put(std::string_view bucket, std::string_view key, std::string body) {
    std::string etag = "\"" + std::to_string(++etag_counter) + "\"";
    objects[path(bucket, key)] = StoredObject{std::move(body), etag};
    return etag;
  }

  StoreResponse apply(const std::string& node_id, const StoreRequest& request) {
    ++counts[request.op];
    StoreResponse response;
    if (!buckets.contains(request.bucket)) {
      response.status = Status::kNoSuchBucket;
      return response;
    }
    if (forbid && forbid(node_id, request)) {
      response.status = Status::kForbidden;
      return response;
    }
    StoredObject* existing =
        request.op == OpKind::kList ? nullptr : find(request.bucket, request.key);
    switch (request.op) {
      case OpKind::kGet:
        if (existing == nullptr) {
          response.status = Status::kNotFound;
        } else {
          response.body = existing->body;
          response.etag = existing->etag;
        }
        return response;
      case OpKind::kPut:
        if (request.condition == Condition::kIfNoneMatch && existing != nullptr) {
          response.status = Status::kPreconditionFailed;
          return response;
        }
        if (request.condition == Condition::kIfMatch) {
          if (existing == nullptr) {
            response.status = Status::kNotFound;
            return response;
          }
          if (existing->etag != request.etag) {
            response.status = Status::kPreconditionFailed;
            return response;
          }
        }
        response.etag = put(request.bucket, request.key, request.body);
        return response;
      case OpKind::kDelete:
        if (existing == nullptr) {
          response.status = Status::kNotFound;
          return response;
        }
        if (request.condition == Condition::kIfMatch && existing->etag != request.etag) {
          response.status = Status::kPreconditionFailed;
          return response;
        }
        objects.erase(path(request.bucket, request.key));
        return response;
      case OpKind::kList: {
        const std::string bucket_prefix = path(request.bucket, "");
        const std::string from = path(request.bucket, request.key);
        const std::string after = path(request.bucket, request.start_after);
        for (auto it = objects.lower_bound(from); it != objects.end(); ++it) {
          if (it->first.compare(0, from.size(), from) != 0) break;
          if (!request.start_after.empty() && it->first <= after) continue;
          if (response.objects.size() == request.max_keys) {
            response.truncated = true;
            break;
          }
          response.objects.push_back(
              ListedObject{it->first.substr(bucket_prefix.size()), it->second.etag});
        }
        return response;
      }
    }
    return response;
  }
};

// What a scripted fault does with one request.
struct FaultAction {
  enum Kind { kPass, kRespond, kApplyThenRespond } kind = kPass;
  StoreResponse response;  // kRespond / kApplyThenRespond: what the node sees
};

struct ClusterNode {
  ElectorOptions options;
  std::unique_ptr<Elector> elector;
  std::vector<Event> events;
  std::vector<Nanos> event_at_ns;     // the true time each event was drained
  std::vector<OutgoingRequest> sent;  // every request ever sent, in order
  std::vector<Nanos> sent_at_ns;      // the true time each was sent
  // Sent and not yet answered, with the true time each answer is due.
  std::deque<std::pair<Nanos, OutgoingRequest>> outstanding;
  Nanos clock_offset_ns = 0;  // local = true + offset
  bool up = true;
  bool partitioned = false;  // every request times out without reaching the store

  std::size_t count(EventKind kind) const {
    return static_cast<std::size_t>(std::count_if(
        events.begin(), events.end(), [kind](const Event& event) { return event.kind == kind; }));
  }
  const Event* last(EventKind kind) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->kind == kind) return &*it;
    }
    return nullptr;
  }
};

class Cluster {
 public:
  FakeStore store;
  std::vector<ClusterNode> nodes;
  Nanos now_ns = 0;  // true time
  std::function<FaultAction(std::size_t node, const StoreRequest&)> fault;
  // Set by run(): the highest number of nodes acting at one tick.
  int max_acting_at_once = 0;
  Nanos first_overlap_ns = -1;  // when max_acting_at_once first exceeded 1
  // Request latency (request and response together), uniform in [min, max];
  // 0: answered at once.
  Nanos latency_min_ns = 0;
  Nanos latency_max_ns = 0;
  Prng latency_prng{12345};

  static ElectorOptions options_for(Algorithm algorithm, std::string node_id, std::uint64_t seed) {
    ElectorOptions options;
    options.algorithm = algorithm;
    options.node_id = std::move(node_id);
    options.prng_seed = seed;
    return options;
  }

  std::size_t add(ElectorOptions options) {
    ClusterNode node;
    node.options = options;
    node.elector = make_elector(options);
    nodes.push_back(std::move(node));
    return nodes.size() - 1;
  }

  Nanos local(std::size_t index) const { return now_ns + nodes[index].clock_offset_ns; }

  void start(std::size_t index) {
    nodes[index].elector->handle_start(local(index));
    drain(index);
  }
  void start_all() {
    for (std::size_t i = 0; i < nodes.size(); ++i) start(i);
  }

  // Replaces node `index` by a fresh process with the same options (its
  // volatile state and outstanding requests are lost).
  void restart(std::size_t index, bool resume) {
    ClusterNode& node = nodes[index];
    node.options.resume = resume;
    node.elector = make_elector(node.options);
    node.outstanding.clear();
    node.up = true;
    start(index);
  }

  void drain(std::size_t index) {
    ClusterNode& node = nodes[index];
    while (auto event = node.elector->poll_event()) {
      node.events.push_back(std::move(*event));
      node.event_at_ns.push_back(now_ns);
    }
    while (auto request = node.elector->poll_request()) {
      node.sent.push_back(*request);
      node.sent_at_ns.push_back(now_ns);
      const Nanos latency_ns =
          latency_max_ns > 0 ? latency_prng.between(latency_min_ns, latency_max_ns) : 0;
      node.outstanding.emplace_back(now_ns + latency_ns, std::move(*request));
    }
  }

  // Answers every outstanding request of every up node whose answer is due,
  // until none is left (responses may cause new requests). With latency, a
  // request is applied and answered at its due time, so requests of one node
  // may be answered out of order.
  void deliver_all() {
    for (int rounds = 0; rounds < 10'000; ++rounds) {
      bool any = false;
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].up || nodes[i].outstanding.empty()) continue;
        auto& queue = nodes[i].outstanding;
        const auto due =
            std::min_element(queue.begin(), queue.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
        if (due->first > now_ns) continue;
        any = true;
        OutgoingRequest request = std::move(due->second);
        queue.erase(due);
        StoreResponse response = answer(i, request.request);
        nodes[i].elector->handle_response(request.id, response, local(i));
        drain(i);
      }
      if (!any) return;
    }
    FAIL("deliver_all did not settle");
  }

  StoreResponse answer(std::size_t index, const StoreRequest& request) {
    if (nodes[index].partitioned) {
      StoreResponse timeout;
      timeout.status = Status::kTimeout;
      return timeout;
    }
    FaultAction action;
    if (fault) action = fault(index, request);
    switch (action.kind) {
      case FaultAction::kPass:
        return store.apply(nodes[index].options.node_id, request);
      case FaultAction::kRespond:
        return action.response;
      case FaultAction::kApplyThenRespond:
        (void)store.apply(nodes[index].options.node_id, request);
        return action.response;
    }
    return action.response;
  }

  void fire_timers() {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!nodes[i].up) continue;
      const auto deadline = nodes[i].elector->poll_timeout();
      if (deadline && *deadline <= local(i)) {
        nodes[i].elector->handle_timeout(local(i));
        drain(i);
      }
    }
  }

  int acting_count() const {
    int acting = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].up && nodes[i].elector->acting_epoch(local(i))) ++acting;
    }
    return acting;
  }

  std::optional<std::size_t> acting_node() const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].up && nodes[i].elector->acting_epoch(local(i))) return i;
    }
    return std::nullopt;
  }

  // Runs in ticks until some node acts as leader, for at most limit_ns.
  std::optional<std::size_t> run_until_leader(Nanos limit_ns) {
    const Nanos end_ns = now_ns + limit_ns;
    while (now_ns < end_ns) {
      run(milliseconds(10));
      if (auto leader = acting_node()) return leader;
    }
    return std::nullopt;
  }

  // Starts every node, runs for run_ns and returns the node acting as leader
  // then; a test that needs an elected cluster fails here if there is none.
  std::size_t start_and_elect(Nanos run_ns) {
    start_all();
    run(run_ns);
    const auto leader = acting_node();
    REQUIRE(leader.has_value());
    return *leader;
  }

  // Advances true time in ticks, answering requests instantly and firing
  // due timers at each tick; records the most nodes acting at one tick.
  void run(Nanos span_ns, Nanos tick_ns = milliseconds(10)) {
    const Nanos end_ns = now_ns + span_ns;
    deliver_all();
    while (now_ns < end_ns) {
      now_ns += tick_ns;
      fire_timers();
      deliver_all();
      fire_timers();
      deliver_all();
      const int acting = acting_count();
      if (acting > 1 && acting > max_acting_at_once) first_overlap_ns = now_ns;
      max_acting_at_once = std::max(max_acting_at_once, acting);
    }
  }
};

}  // namespace holocron::testing
