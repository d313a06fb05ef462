#include "sim/cli/progress.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/assert.hpp"

namespace holocron::cli {
namespace {

std::string format_eta(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "?";
  const auto whole = static_cast<std::int64_t>(std::llround(seconds));
  if (whole >= 3600) return fmt::format("{}h{:02}m", whole / 3600, (whole % 3600) / 60);
  if (whole >= 60) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}s", whole);
}

}  // namespace

ProgressBar::ProgressBar(bool enabled, std::ostream& err, std::string unit)
    : enabled_(enabled), err_(err), unit_(std::move(unit)), started_(Clock::now()) {
  last_draw_ = started_;
}

ProgressBar::~ProgressBar() {
  finish();
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_ || total == 0) return;
  HOLO_ASSERT(done <= total);
  const auto now = Clock::now();
  if (now - started_ < kShowAfter) return;
  if (drawn_ && now - last_draw_ < kRedrawInterval && done != total) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed_s = std::chrono::duration<double>(now - started_).count();
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  const double left_s = rate > 0 ? static_cast<double>(total - done) / rate : -1;
  const auto filled = static_cast<int>(static_cast<double>(kBarWidth) * static_cast<double>(done) /
                                       static_cast<double>(total));
  err_ << fmt::format("\r[{}{}] {}/{} {}  {:.1f} {}/s  {} left\033[K", std::string(filled, '#'),
                      std::string(kBarWidth - filled, ' '), done, total, unit_, rate, unit_,
                      format_eta(left_s))
       << std::flush;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  // Carriage return and erase-to-end-of-line leave the terminal as it was.
  err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void RunProgressSink::tick(Nanos true_ns) {
  if (++facts_since_check_ < kFactsPerCheck) return;
  facts_since_check_ = 0;
  const Nanos clamped_ns = std::min(std::max<Nanos>(true_ns, 0), duration_ns_);
  bar_.update(static_cast<std::uint64_t>(clamped_ns / kNanosPerSecond),
              static_cast<std::uint64_t>(duration_ns_ / kNanosPerSecond));
}

void RunProgressSink::on_run_end(const reports::RunEnd& /*end*/) {
  bar_.finish();
}

}  // namespace holocron::cli
