// A renewed lock body from the body it renews. A stable leader renews every
// few seconds by writing its lock record again with the renewals count one
// higher, and nothing else changed: encoding the whole record for that (the
// owner, the previous ETag and the members' view, escaped) cost about 2,200
// instructions a renewal, 2% of a five-node swarm seed. Rewriting the count
// in the body already encoded gives the same bytes as encode_lock_record
// (tests/core/lock_body_renewal_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.hpp"
#include "core/json_text.hpp"

namespace holocron {

// `body` with its renewals count replaced by `renewals`, written over `out`
// (reusing its capacity). `body` must be what encode_lock_record wrote for
// some record: there the text ,"renewals": occurs once, outside every string
// (a quote inside a JSON string is always escaped), and its digits run to the
// next comma. Returns false, leaving `out` unspecified, when `body` does not
// have that shape; the caller then encodes the record in full.
[[nodiscard]] inline bool renew_lock_body(std::string_view body, std::uint64_t renewals,
                                          std::string& out) {
  constexpr std::string_view kKey = R"(,"renewals":)";
  const std::size_t key = body.find(kKey);
  if (key == std::string_view::npos) return false;
  const std::size_t digits = key + kKey.size();
  const std::size_t end = body.find(',', digits);
  if (end == std::string_view::npos || end == digits) return false;
  out.resize(body.size() + kDecimalBytesMax);
  char* write = out.data();
  body.copy(write, digits);
  write = write_decimal(write + digits, renewals);
  const std::string_view rest = body.substr(end);
  rest.copy(write, rest.size());
  write += rest.size();
  out.resize(static_cast<std::size_t>(write - out.data()));
  HOLO_ASSERT(out.size() <= body.size() + kDecimalBytesMax);
  return true;
}

}  // namespace holocron
