// The owner named in an epoch lock body, for the engine's store-operation
// facts (sim/engine_facts.cpp).
//
// With checkers on, the engine reports the owner recorded in every applied
// PUT to an epoch key. Decoding the whole body with decode_lock_record to
// learn it was the largest single cost of a checked run (a DOM parse per
// PUT). Nearly every body is exactly what encode_lock_record writes, so a
// scanner that accepts only that canonical form, and only when every field
// is one the decoder accepts, finds the owner without building anything. A
// body the scanner is unsure of (whitespace, reordered keys, escapes in the
// owner, numbers out of range, a planted corrupt object) goes to the full
// decoder, so the answer is always the decoder's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace holocron::sim {

// The owner of `body` when it is a lock record in encode_lock_record's exact
// form that decode_lock_record accepts, as a view into `body`; nullopt when
// unsure (then only the full decoder can tell). Never a wrong owner: every
// body it accepts decodes to a record with this owner (tests/sim/
// lock_owner_test.cpp checks it against the decoder).
[[nodiscard]] std::optional<std::string_view> scan_canonical_lock_owner(std::string_view body);

// The owner decode_lock_record(body) would give, or "" when the body does not
// decode. The result views `body` or `fallback_owner`, which must outlive it.
[[nodiscard]] std::string_view lock_body_owner(std::string_view body, std::string& fallback_owner);

}  // namespace holocron::sim
