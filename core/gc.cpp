#include "core/gc.hpp"

#include <algorithm>
#include <string>

#include "core/assert.hpp"
#include "core/keys.hpp"

namespace holocron {

GcAgeTracker::GcAgeTracker(Nanos min_age_ns) : prune_min_age_ns_(min_age_ns) {
  HOLO_ASSERT(min_age_ns >= 0);
}

void GcAgeTracker::note(Nanos now_ns, Epoch highest_existing) {
  if (highest_existing == 0) return;
  if (prune_min_age_ns_ == 0) {
    // The ring would keep only its newest sample, and answer its epoch.
    newest_epoch_ = std::max(newest_epoch_, highest_existing);
    return;
  }
  if (!samples_.empty()) {
    // Only a rise in the epoch is news; equal samples would waste the bound.
    if (samples_.back().second >= highest_existing) return;
    HOLO_ASSERT(samples_.back().first <= now_ns);
  }
  if (samples_.size() == kGcAgeSamplesMax) samples_.pop_front();
  samples_.push_back({now_ns, highest_existing});
  if (prune_min_age_ns_ < 0) return;
  // What old_enough would drop at now_ns, it drops at any later time too.
  const Nanos cutoff_ns = now_ns - prune_min_age_ns_;
  while (samples_.size() >= 2 && samples_[1].first <= cutoff_ns) samples_.pop_front();
}

Epoch GcAgeTracker::old_enough(Nanos now_ns, Nanos min_age_ns) {
  HOLO_ASSERT(min_age_ns >= 0);
  HOLO_ASSERT(prune_min_age_ns_ < 0 || min_age_ns == prune_min_age_ns_);
  if (prune_min_age_ns_ == 0) return newest_epoch_;
  const Nanos cutoff_ns = now_ns - min_age_ns;
  // Drop samples that a later, still old-enough sample supersedes.
  while (samples_.size() >= 2 && samples_[1].first <= cutoff_ns) samples_.pop_front();
  if (samples_.empty() || samples_.front().first > cutoff_ns) return 0;
  return samples_.front().second;
}

void plan_gc(std::span<const ListedObject> listed, std::string_view election_prefix,
             Epoch leader_epoch, std::uint32_t keep, Epoch old_enough, std::vector<GcVictim>& out) {
  HOLO_ASSERT(keep >= 1);
  HOLO_ASSERT(leader_epoch != 0);
  out.clear();
  if (leader_epoch <= keep) return;
  const Epoch keep_from = leader_epoch - keep + 1;
  for (const ListedObject& object : listed) {
    const auto epoch = parse_epoch_key(election_prefix, object.key);
    if (!epoch) continue;
    // Ascending order: the first epoch that must stay ends the pass, so the
    // deleted set stays "everything below some epoch".
    if (*epoch >= keep_from || *epoch > old_enough) break;
    out.push_back(GcVictim{*epoch, object.etag});
    if (out.size() == kGcDeletesPerPassMax) break;
  }
}

std::size_t plan_own_slot_gc(std::span<const ListedObject> listed, std::string_view election_prefix,
                             Epoch created_epoch, std::uint32_t keep, Epoch old_enough,
                             std::vector<GcVictim>& out) {
  HOLO_ASSERT(keep >= 1);
  HOLO_ASSERT(created_epoch != 0);
  out.clear();
  if (created_epoch <= keep) return 0;
  const Epoch own_slot = created_epoch - keep;
  if (own_slot <= old_enough) {
    // Epoch keys are fixed-width, so the page's key order is epoch order and
    // the own slot is found by a binary search, not by parsing every key.
    std::string own_key;
    write_epoch_key(election_prefix, own_slot, own_key);
    const auto found = std::lower_bound(
        listed.begin(), listed.end(), own_key,
        [](const ListedObject& object, const std::string& key) { return object.key < key; });
    if (found != listed.end() && found->key == own_key) {
      out.push_back(GcVictim{own_slot, found->etag});
    }
  }
  const std::size_t own_count = out.size();
  if (created_epoch - keep <= keep) return 0;
  const Epoch leftover_max = std::min(created_epoch - keep - keep, old_enough);
  for (const ListedObject& object : listed) {
    const auto epoch = parse_epoch_key(election_prefix, object.key);
    if (!epoch) continue;
    // Ascending: the first epoch above the bound ends the scan (in the
    // steady state, the page's first epoch key already does).
    if (*epoch > leftover_max) break;
    if (out.size() == kGcDeletesPerPassMax) break;
    out.push_back(GcVictim{*epoch, object.etag});
  }
  HOLO_ASSERT(out.size() <= kGcDeletesPerPassMax);
  return out.size() - own_count;
}

}  // namespace holocron
