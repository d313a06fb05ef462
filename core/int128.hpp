// 128-bit integers for overflow-free intermediate arithmetic (duration
// parsing, unbiased bounded draws). GCC and Clang both provide them; the
// __extension__ marker keeps -Wpedantic quiet about it in one place.
#pragma once

namespace holocron {
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 Uint128;
}  // namespace holocron
