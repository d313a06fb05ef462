// A small, fast, deterministic JSON writer. Traces, reports and the Perfetto
// export are written with it instead of a DOM library so that (a) key order is
// exactly the order of the calls, (b) numbers are integers or fixed-precision
// decimals, never a shortest-round-trip double whose text could differ between
// builds, and (c) writing millions of trace entries costs no allocation per
// value. Output is compact: no spaces, no newlines (JSON Lines friendly).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace holocron::reports {

class JsonWriter {
 public:
  // Nesting deeper than this is a programming error in a writer (asserted).
  static constexpr int kDepthMax = 32;

  // Appends to `out`; the writer keeps a reference, so `out` must outlive it.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // Inside an object: writes the separator and "key":. Keys are written
  // as given, unescaped: they must be plain identifiers ([A-Za-z0-9_]),
  // which every key in our formats is.
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(std::uint64_t number);
  void value(std::int32_t number) { value(static_cast<std::int64_t>(number)); }
  void value(std::uint32_t number) { value(static_cast<std::uint64_t>(number)); }
  void value(bool flag);
  void null();
  // A double with exactly `decimals` digits after the point ("0.250"); NaN and
  // infinities are written as null.
  void fixed(double number, int decimals);
  // Pre-rendered JSON (already valid and compact), inserted as one value.
  void raw(std::string_view json);

  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  void field_fixed(std::string_view name, double number, int decimals) {
    key(name);
    fixed(number, decimals);
  }
  void field_null(std::string_view name) {
    key(name);
    null();
  }

  [[nodiscard]] int depth() const { return depth_; }

 private:
  // Keys up to this long are written from a stack buffer in one append.
  static constexpr std::size_t kKeyBytesMax = 60;

  void separator();

  std::string& out_;
  // first_[d] is true while the container at depth d has no element yet.
  std::array<bool, kDepthMax> first_{};
  int depth_ = 0;
  bool after_key_ = false;
};

// Appends `text` as a JSON string literal (quotes included). Invalid UTF-8 is
// replaced by U+FFFD so that every line we write parses back.
void append_json_string(std::string& out, std::string_view text);

}  // namespace holocron::reports
