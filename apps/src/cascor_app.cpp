// SPDX-License-Identifier: MIT
// "kind": "cascor" — grow a cascade-correlation network on a benchmark task, then write the
// learning curve, the network and its predictions to HDF5 and summarise the run.
#include "snnft/apps/cascor_app.hpp"

#include <chrono>
#include <memory>
#include <vector>

#include "config_helpers.hpp"
#include "snnft/apps/cascor_params_json.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/provenance.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/hdf5_output.hpp"
#include "snnft/core/interrupt.hpp"
#include "snnft/core/memory_info.hpp"
#include "snnft/snn/cascor/network_io.hpp"

namespace snnft::apps {
namespace {

template <class T>
std::vector<T> column(const std::vector<cascor::EpochRecord>& curve, T (*get)(const cascor::EpochRecord&)) {
  std::vector<T> out;
  out.reserve(curve.size());
  for (const auto& e : curve) out.push_back(get(e));
  return out;
}

void write_matrix(H5Output& out, const std::string& path, const Eigen::MatrixXd& m) {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = m;
  out.write_matrix<double>(path, std::span<const double>(row_major.data(), static_cast<std::size_t>(row_major.size())),
                           static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols()));
}

void write_patterns(H5Output& out, const std::string& group, const cascor::Dataset& data,
                    const Eigen::MatrixXd& outputs) {
  write_matrix(out, group + "/inputs", data.inputs);
  write_matrix(out, group + "/targets", data.targets);
  write_matrix(out, group + "/outputs", outputs);
}

}  // namespace

CascorRunConfig parse_cascor_config(const nlohmann::json& config) {
  ObjectReader r(config, "");
  CascorRunConfig out;
  r.choice("kind", {"cascor"});
  out.name = r.string("name", "cascor");
  r.string("description", "");
  out.seed = static_cast<std::uint64_t>(r.integer_at_least("seed", 0, 1));
  if (r.has("output")) out.output = r.file_name("output");

  ObjectReader task = r.object("task");
  out.task = task.choice("name", {"xor", "parity", "two_spirals"});
  if (out.task == "parity") {
    out.bits = count_at_least(task, "bits", 1);
    // 2^16 patterns already make a 64k-row cache; beyond that parity is no longer a benchmark.
    if (out.bits > 16) task.fail("bits", "expected at most 16, got " + std::to_string(out.bits));
  } else if (out.task == "two_spirals") {
    out.test_offset = task.in_range("test_offset", 0.0, 1.0, out.test_offset);
  }
  task.finish();

  read_cascor_params(r, out.params);
  out.grow = r.boolean("grow", true);
  r.finish();
  return out;
}

cascor::Dataset cascor_training_set(const CascorRunConfig& config) {
  if (config.task == "xor") return cascor::make_parity(2);
  if (config.task == "parity") return cascor::make_parity(config.bits);
  return cascor::make_two_spirals(0.0);
}

std::optional<cascor::Dataset> cascor_test_set(const CascorRunConfig& config) {
  if (config.task == "two_spirals") return cascor::make_two_spirals(config.test_offset);
  return std::nullopt;
}

namespace {

/// The learner keeps every pattern's value at every possible unit (max_hidden_units wide) and
/// the candidate pool's activations, all as doubles, from the start: refuse a run that cannot
/// allocate them instead of dying with bad_alloc.
void check_cascor_memory(const CascorRunConfig& cfg, const cascor::Dataset& train) {
  const double patterns = static_cast<double>(train.size());
  const double capacity = 1.0 + static_cast<double>(train.inputs.cols()) + static_cast<double>(cfg.params.max_hidden_units);
  const double pool = static_cast<double>(cfg.params.pool_size);
  const double bytes = 8.0 * (patterns * capacity + 2.0 * patterns * pool + 4.0 * pool * capacity);
  const double available = static_cast<double>(available_memory_bytes());
  if (bytes <= available) return;
  throw ConfigError("max_hidden_units", "the learner needs at least " + format_bytes(bytes) + " for " +
                                            std::to_string(train.size()) + " patterns and " +
                                            std::to_string(cfg.params.max_hidden_units) + " units; " +
                                            format_bytes(available) + " is available");
}

}  // namespace

int run_cascor(const nlohmann::json& config, const RunOptions& options, Summary& summary) {
  CascorRunConfig cfg = parse_cascor_config(config);
  // The cascade-correlation learner is not a spiking network: no fault model applies to it.
  if (!options.faults.empty()) {
    throw ConfigError("--fault", "fault injection needs a \"network\" or \"columns\" config, not \"cascor\"");
  }
  const std::string single = "a cascor run is a single-threaded, non-spiking learner";
  reject_flag(options.threads.has_value() && *options.threads != 1, "--threads", single + " (it always uses 1 thread)");
  reject_flag(options.duration_ms.has_value(), "--duration", single + ": it runs until the task is learned or max_hidden_units");
  reject_flag(options.simd.has_value(), "--simd", single + " with no SIMD kernels to choose");
  reject_flag(options.protection.has_value(), "--protection", "protection belongs to columns runs");
  reject_flag(options.trial_rate_hz.has_value(), "--trial-rate", "test trials are paced in columns runs only");
  if (options.seed) cfg.seed = *options.seed;
  if (options.out_path) cfg.output = options.out_path;

  const cascor::Dataset train = cascor_training_set(cfg);
  check_cascor_memory(cfg, train);

  // Open the output before the work, so a bad path fails before any is done.
  std::unique_ptr<H5Output> out;
  if (cfg.output) out = std::make_unique<H5Output>(*cfg.output);

  const std::optional<cascor::Dataset> test = cascor_test_set(cfg);

  const auto t0 = std::chrono::steady_clock::now();
  cascor::CascorLearner learner(train, cfg.params, cfg.seed);
  learner.freeze_growth(!cfg.grow);
  learner.set_stop_check([] { return interrupt_requested(); });
  const cascor::CascorResult result = learner.run();
  const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const cascor::CascorNetwork& network = learner.network();
  const Eigen::MatrixXd train_out = network.predict(train.inputs);
  std::optional<Eigen::MatrixXd> test_out;
  if (test) test_out = network.predict(test->inputs);

  const std::string task = cfg.task == "parity" ? "parity" + std::to_string(cfg.bits) : cfg.task;
  summary.set("name", cfg.name);
  summary.set("task", task);
  summary.set("solved", result.solved);
  summary.set("hidden_units", result.hidden_units);
  summary.set("epochs", result.epochs);
  summary.set("train_accuracy", cascor::classification_accuracy(train_out, train.targets));
  if (test) summary.set("test_accuracy", cascor::classification_accuracy(*test_out, test->targets));
  summary.set("error", result.error);
  summary.set("error_bits", result.error_bits);
  summary.set("train_s", train_s);
  summary.set("threads", 1);
  summary.set("seed", cfg.seed);
  if (result.interrupted) summary.set("interrupted", true);

  if (out) {
    write_provenance(*out, config, cfg.seed);
    out->set_attribute("/", "interrupted", static_cast<std::int64_t>(result.interrupted));
    const std::string root = "/cascor";
    out->create_group(root);
    out->set_attribute(root, "task", task);
    out->set_attribute(root, "solved", static_cast<std::int64_t>(result.solved));
    out->set_attribute(root, "hidden_units", static_cast<std::int64_t>(result.hidden_units));
    out->set_attribute(root, "epochs", static_cast<std::int64_t>(result.epochs));
    out->set_attribute(root, "growth_frozen", static_cast<std::int64_t>(learner.growth_frozen()));

    const auto& curve = learner.learning_curve();
    const std::string lc = root + "/learning_curve";
    out->write<std::uint64_t>(lc + "/epoch", column<std::uint64_t>(curve, [](const cascor::EpochRecord& e) { return e.epoch; }));
    out->write<std::uint8_t>(lc + "/phase", column<std::uint8_t>(curve, [](const cascor::EpochRecord& e) {
                               return static_cast<std::uint8_t>(e.phase);
                             }));
    out->write<std::uint32_t>(lc + "/units",
                              column<std::uint32_t>(curve, [](const cascor::EpochRecord& e) { return e.hidden_units; }));
    out->write<double>(lc + "/error", column<double>(curve, [](const cascor::EpochRecord& e) { return e.error; }));
    out->write<double>(lc + "/score", column<double>(curve, [](const cascor::EpochRecord& e) { return e.score; }));
    out->write<std::uint32_t>(lc + "/error_bits",
                              column<std::uint32_t>(curve, [](const cascor::EpochRecord& e) { return e.error_bits; }));
    out->set_attribute(lc, "phase", std::string("0 = output training, 1 = candidate training"));
    out->set_attribute(lc, "error", std::string("sum over patterns and outputs of (output - target)^2"));
    out->set_attribute(lc, "score", std::string("best candidate score / sum of squared residuals; NaN in output epochs"));

    cascor::write_network(*out, root + "/network", network);
    write_patterns(*out, root + "/train", train, train_out);
    if (test) write_patterns(*out, root + "/test", *test, *test_out);
    out->set_attribute("/", "summary", summary.values().dump());
    out->commit();
    summary.set("output", out->final_path());
  }
  return result.interrupted ? interrupt_exit_code() : 0;
}

}  // namespace snnft::apps
