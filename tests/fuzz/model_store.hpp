// The honest object store inside the elector fuzz target: S3's conditional
// semantics (core/store.hpp) over an ordered map, small enough to read at a
// glance. The target asks it for the honest answer to every request and then
// lets the fuzzer decide whether to deliver that answer or a hostile one; an
// honest baseline is what lets the fuzzer reach deep states (a won epoch,
// renewals, garbage collection, a resumed leader) instead of dying at "404".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/store.hpp"

namespace holocron::fuzz {

class ModelStore {
 public:
  struct Object {
    std::string etag;
    std::string body;
  };
  using Address = std::pair<std::string, std::string>;  // bucket, key

  // The honest response to `request`. When `apply_writes` is false a write
  // is answered as if applied but the store is left unchanged (used to model
  // a response that lies about a write).
  [[nodiscard]] StoreResponse answer(const StoreRequest& request, bool apply_writes);

  // Writes without conditions (another node's write, or the fuzzer's setup)
  // and returns the new ETag.
  std::string write(const std::string& bucket, const std::string& key, std::string body);
  void erase(const std::string& bucket, const std::string& key);
  [[nodiscard]] const Object* find(const std::string& bucket, const std::string& key) const;

  // Every object, in (bucket, key) order, for the fuzzer to pick from.
  [[nodiscard]] const std::map<Address, Object>& objects() const { return objects_; }

 private:
  std::string next_etag();

  std::map<Address, Object> objects_;
  std::uint64_t etag_counter_ = 0;
};

}  // namespace holocron::fuzz
