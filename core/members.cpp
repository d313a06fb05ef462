#include "core/members.hpp"

#include "core/assert.hpp"

namespace holocron {

MemberDirectory::Entry* MemberDirectory::find_or_add(std::string_view node_id) {
  if (node_id.empty()) return nullptr;
  const auto found = entries_.find(node_id);
  if (found != entries_.end()) return &found->second;
  // Bounded: a view holds at most kViewMembersMax members; later ones are
  // not tracked (they still take part in the election, only the view omits them).
  if (entries_.size() >= kViewMembersMax) return nullptr;
  return &entries_.emplace(std::string(node_id), Entry{}).first->second;
}

void MemberDirectory::heard_from(std::string_view node_id, Nanos now_ns) {
  Entry* entry = find_or_add(node_id);
  if (entry == nullptr) return;
  if (!entry->heard_ns || *entry->heard_ns < now_ns) entry->heard_ns = now_ns;
  HOLO_ASSERT(entry->heard_ns.has_value());
}

void MemberDirectory::saw_state_etag(std::string_view node_id, std::string_view etag,
                                     Nanos now_ns) {
  Entry* entry = find_or_add(node_id);
  if (entry == nullptr) return;
  // The first listing only establishes the baseline; a later change is news.
  if (entry->state_etag.empty()) {
    entry->state_etag = etag;
    return;
  }
  if (entry->state_etag == etag) return;
  entry->state_etag = etag;
  entry->heard_ns = now_ns;
}

void MemberDirectory::learn_view(const std::vector<ViewMember>& members, Nanos read_ns) {
  for (const ViewMember& member : members) {
    Entry* entry = find_or_add(member.node_id);
    if (entry == nullptr) continue;
    if (member.heartbeat_age_ns < 0) continue;
    const Nanos heard_ns = read_ns - member.heartbeat_age_ns;
    if (!entry->heard_ns || *entry->heard_ns < heard_ns) entry->heard_ns = heard_ns;
  }
}

void MemberDirectory::forget_times() {
  for (auto& [node_id, entry] : entries_) entry.heard_ns.reset();
}

std::vector<ViewMember> MemberDirectory::snapshot(std::string_view leader_id, Nanos now_ns,
                                                  Nanos live_within_ns) const {
  HOLO_ASSERT(!leader_id.empty());
  HOLO_ASSERT(live_within_ns > 0);
  std::vector<ViewMember> view;
  view.reserve(entries_.size() + 1);
  view.push_back(ViewMember{std::string(leader_id), MemberRole::kLeader, 0});
  for (const auto& [node_id, entry] : entries_) {
    if (node_id == leader_id) continue;
    if (view.size() >= kViewMembersMax) break;
    ViewMember member{node_id, MemberRole::kUnknown, -1};
    if (entry.heard_ns) {
      member.heartbeat_age_ns = std::max<Nanos>(0, now_ns - *entry.heard_ns);
      if (member.heartbeat_age_ns <= live_within_ns) member.role = MemberRole::kFollower;
    }
    view.push_back(std::move(member));
  }
  return view;
}

}  // namespace holocron
