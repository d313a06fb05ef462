#include "core/store.hpp"

#include "core/assert.hpp"

namespace holocron {

std::string_view to_string(OpKind op) {
  switch (op) {
    case OpKind::kList: return "LIST";
    case OpKind::kGet: return "GET";
    case OpKind::kPut: return "PUT";
    case OpKind::kDelete: return "DELETE";
  }
  HOLO_UNREACHABLE("unknown OpKind");
}

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kOk: return "ok";
    case Status::kPreconditionFailed: return "precondition_failed";
    case Status::kConflict: return "conflict";
    case Status::kNotFound: return "not_found";
    case Status::kNoSuchBucket: return "no_such_bucket";
    case Status::kForbidden: return "forbidden";
    case Status::kSlowDown: return "slow_down";
    case Status::kInternalError: return "internal_error";
    case Status::kTimeout: return "timeout";
  }
  HOLO_UNREACHABLE("unknown Status");
}

int http_code(Status status) {
  switch (status) {
    case Status::kOk: return 200;
    case Status::kPreconditionFailed: return 412;
    case Status::kConflict: return 409;
    case Status::kNotFound: return 404;
    case Status::kNoSuchBucket: return 404;
    case Status::kForbidden: return 403;
    case Status::kSlowDown: return 503;
    case Status::kInternalError: return 500;
    case Status::kTimeout: return 0;
  }
  HOLO_UNREACHABLE("unknown Status");
}

bool is_retryable(Status status) {
  return status == Status::kConflict || status == Status::kSlowDown || status == Status::kInternalError;
}

}  // namespace holocron
