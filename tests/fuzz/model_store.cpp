#include "tests/fuzz/model_store.hpp"

#include <algorithm>

namespace holocron::fuzz {

std::string ModelStore::next_etag() {
  return "\"e" + std::to_string(++etag_counter_) + "\"";
}

std::string ModelStore::write(const std::string& bucket, const std::string& key, std::string body) {
  Object& object = objects_[Address{bucket, key}];
  object.etag = next_etag();
  object.body = std::move(body);
  return object.etag;
}

void ModelStore::erase(const std::string& bucket, const std::string& key) {
  objects_.erase(Address{bucket, key});
}

const ModelStore::Object* ModelStore::find(const std::string& bucket,
                                           const std::string& key) const {
  const auto found = objects_.find(Address{bucket, key});
  return found == objects_.end() ? nullptr : &found->second;
}

StoreResponse ModelStore::answer(const StoreRequest& request, bool apply_writes) {
  StoreResponse response;
  const Address address{request.bucket, request.key};
  const auto found = objects_.find(address);
  const bool exists = found != objects_.end();
  switch (request.op) {
    case OpKind::kGet:
      if (!exists) {
        response.status = Status::kNotFound;
      } else {
        response.etag = found->second.etag;
        response.body = found->second.body;
      }
      return response;
    case OpKind::kPut: {
      if (request.condition == Condition::kIfNoneMatch && exists) {
        response.status = Status::kPreconditionFailed;
        return response;
      }
      if (request.condition == Condition::kIfMatch) {
        if (!exists) {
          response.status = Status::kNotFound;
          return response;
        }
        if (found->second.etag != request.etag) {
          response.status = Status::kPreconditionFailed;
          return response;
        }
      }
      if (apply_writes) {
        response.etag = write(request.bucket, request.key, request.body);
      } else {
        response.etag = "\"unapplied-" + std::to_string(etag_counter_ + 1) + "\"";
      }
      return response;
    }
    case OpKind::kDelete:
      if (!exists) {
        response.status = Status::kNotFound;
        return response;
      }
      if (request.condition == Condition::kIfMatch && found->second.etag != request.etag) {
        response.status = Status::kPreconditionFailed;
        return response;
      }
      if (apply_writes) objects_.erase(found);
      return response;
    case OpKind::kList: {
      const std::uint32_t max_keys =
          std::clamp<std::uint32_t>(request.max_keys, 1, kListPageKeysMax);
      auto it = objects_.upper_bound(Address{request.bucket, request.start_after});
      for (; it != objects_.end() && it->first.first == request.bucket; ++it) {
        const std::string& key = it->first.second;
        if (key <= request.start_after) continue;
        if (!key.starts_with(request.key)) {
          if (key > request.key) break;  // past the prefix: ordered keys end here
          continue;
        }
        if (response.objects.size() == max_keys) {
          response.truncated = true;
          break;
        }
        response.objects.push_back(ListedObject{key, it->second.etag});
      }
      return response;
    }
  }
  return response;
}

}  // namespace holocron::fuzz
