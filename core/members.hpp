// What one node knows about the other members of the cluster, for the
// leader's view written into each lock object (core/lock_record.hpp).
//
// Sources, all measured on this node's own clock: a member's lock renewals or
// creations that this node observed, a change of the member's node state
// object's ETag (its heartbeat; the leader lists them in the shared layout),
// and the view in lock objects this node read (whose ages are converted to
// this node's clock at the moment it read them).
//
// What a view covers, precisely (issue 4). The view is written once, by the
// candidate that creates the epoch (LockElector::begin_candidacy), from this
// directory as it stands at that moment. A follower's directory holds the
// owners of the locks it watched and the views of locks it read before their
// first renewal (learn_view); only a leader reads the members' state objects,
// and only in the shared layout (a LIST of <prefix>nodes/ every
// heartbeat_interval_ns). So a view lists every member only when its writer
// led before and listed them then; usually it lists the writer and the
// earlier owners. `holosim history scenarios/leader-crash.json --set
// cluster.publish_state=true` shows it: five nodes, and the lock of epoch 2
// names node-4 (its writer) and node-0 (the crashed leader) only.
// The per-node layout adds a limit: no node reads another member's state
// object at all, because a node cannot LIST buckets it does not know and
// ElectorOptions carries no list of them, so its views name only members
// heard from through lock objects, even when the writer led before. A list of
// the peers' buckets for the leader would not change what views say (the
// leader's directory reaches a lock object only when that node creates
// another epoch); complete views would need followers to read the members'
// state objects (N x N requests per heartbeat) or a view refreshed at each
// renewal, which the lock format forbids (only the lease fields change).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lock_record.hpp"
#include "core/time.hpp"

namespace holocron {

class MemberDirectory {
 public:
  // The member was heard from at local time now_ns.
  void heard_from(std::string_view node_id, Nanos now_ns);
  // The member's state object has this ETag; a change counts as a heartbeat.
  void saw_state_etag(std::string_view node_id, std::string_view etag, Nanos now_ns);
  // Merges a view read from a lock object at local time read_ns.
  void learn_view(const std::vector<ViewMember>& members, Nanos read_ns);
  // Forgets every time heard (a backwards clock step made them meaningless).
  void forget_times();

  // The view to write into a lock created at now_ns by `leader_id`: the leader
  // first, then every other member in name order; a member heard from within
  // live_within_ns is a follower, others are unknown.
  [[nodiscard]] std::vector<ViewMember> snapshot(std::string_view leader_id, Nanos now_ns,
                                                 Nanos live_within_ns) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::optional<Nanos> heard_ns;
    std::string state_etag;
  };
  Entry* find_or_add(std::string_view node_id);

  std::map<std::string, Entry, std::less<>> entries_;  // ordered: deterministic output
};

}  // namespace holocron
