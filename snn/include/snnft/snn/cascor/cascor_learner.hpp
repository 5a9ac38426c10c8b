// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/cascor/candidate_pool.hpp"
#include "snnft/snn/cascor/cascor_network.hpp"
#include "snnft/snn/cascor/dataset.hpp"
#include "snnft/snn/cascor/quickprop.hpp"
#include "snnft/snn/cascor/unit_values.hpp"

namespace snnft::cascor {

/// How one training phase (outputs or candidates) runs and when it stops.
/// Slopes are summed over the training patterns and `quickprop.epsilon` is divided by their
/// number, so ε means the same for any data-set size (two-spirals: ε_out = 1/194 per summed
/// slope is `epsilon` 1.0).
/// A phase ends after `max_epochs`, or once the error (score) has changed by less than
/// `change_threshold` × its previous value for `patience` epochs; patience 0 disables that test.
struct PhaseParams {
  QuickpropParams quickprop;
  std::size_t patience = 8;
  double change_threshold = 0.01;
  std::size_t max_epochs = 200;
};

/// Cascade-correlation parameters, defaulting to Fahlman's values.
struct CascorParams {
  PhaseParams output{{0.35, 2.0, 1e-4}, 8, 0.01, 200};
  PhaseParams candidate{{1.0, 2.0, 0.0}, 8, 0.03, 200};
  std::size_t pool_size = 8;
  std::size_t max_hidden_units = 50;
  double score_threshold = 0.35;      ///< an output is correct within this distance of its target
  double sigmoid_prime_offset = 0.1;  ///< added to f′ of output units so saturated ones still learn
  double weight_range = 1.0;          ///< initial weights uniform in [−range, range]
  double weight_multiplier = 1.0;     ///< new unit's output weights = −multiplier × correlation
};

/// Throws std::invalid_argument naming the first parameter that is out of range.
void validate(const CascorParams& params);

/// Which phase an epoch belonged to.
enum class Phase : std::uint8_t { kOutput = 0, kCandidate = 1 };

/// One point of the learning curve.
struct EpochRecord {
  std::uint64_t epoch;         ///< 1-based count of passes over the training set
  Phase phase;
  std::uint32_t hidden_units;  ///< installed when the epoch ran
  double error;                ///< Σ_p Σ_o (y − t)² of the network (before this epoch's step)
  double score;                ///< best normalised candidate score; NaN in output epochs
  std::uint32_t error_bits;    ///< outputs farther than the score threshold from their target
};

/// How a phase ended.
enum class PhaseEnd : std::uint8_t { kSolved, kStagnant, kTimeout, kStopped };

/// Outcome of CascorLearner::run().
struct CascorResult {
  bool solved = false;
  bool interrupted = false;
  std::size_t hidden_units = 0;
  std::uint64_t epochs = 0;
  double error = 0.0;
  std::size_t error_bits = 0;
};

/// Grows a cascade-correlation network on one data set (Fahlman & Lebiere 1990).
///
/// Start with bias + inputs wired to the outputs; train the output weights with Quickprop until
/// the error stagnates; if some output is still outside the score threshold, train a pool of
/// candidates on the residual error (CandidatePool), install the best as a frozen hidden unit
/// whose output weights start at −multiplier × its correlation, and repeat.
///
/// Inputs, bias and frozen hidden units never change once installed, so their values on the
/// training set are cached (UnitValues, N × (1 + I + H_max), mostly-zero inputs stored sparse):
/// an output epoch is one product with the output weights and one for the slopes. Nothing is
/// allocated per epoch.
/// Random numbers come from (kLearning, 0, output) for the initial output weights and
/// (kLearning, 1 + unit, candidate) for candidates, so a seed fixes the whole run.
class CascorLearner {
 public:
  CascorLearner(Dataset training, const CascorParams& params, std::uint64_t seed);
  /// Continues growing `start` (trained on other data, e.g. before new labelled patterns
  /// arrived): its hidden units stay frozen and its output weights are the starting point;
  /// new candidates draw from the streams of the unit indices that follow. `start` must have
  /// the data's input and output counts and at most `max_hidden_units` hidden units.
  CascorLearner(Dataset training, const CascorParams& params, std::uint64_t seed, const CascorNetwork& start);

  /// Trains until solved, until `max_hidden_units` are installed and the outputs stagnate, or,
  /// with growth frozen, until the outputs stagnate. May be called again (e.g. after
  /// unfreezing) and continues where it stopped.
  CascorResult run();

  /// Frozen growth trains only the output weights of the existing network: the "static network"
  /// fallback of the fault layer.
  void freeze_growth(bool frozen = true) { frozen_ = frozen; }
  [[nodiscard]] bool growth_frozen() const { return frozen_; }

  /// Checked before every epoch; returning true ends run() early with `interrupted` set (a
  /// candidate phase cut short installs no unit).
  void set_stop_check(std::function<bool()> stop) { stop_ = std::move(stop); }

  /// The individual steps run() is made of.
  PhaseEnd train_outputs();
  PhaseEnd train_candidates();
  [[nodiscard]] bool stop_requested() const { return stop_ && stop_(); }
  /// Installs the best candidate of the last train_candidates().
  void install_best_candidate();

  [[nodiscard]] const CascorNetwork& network() const { return network_; }
  [[nodiscard]] const std::vector<EpochRecord>& learning_curve() const { return curve_; }
  [[nodiscard]] std::uint64_t epochs() const { return epoch_; }
  [[nodiscard]] const CascorParams& params() const { return params_; }
  /// Error and error bits of the current weights on the training set.
  [[nodiscard]] double error() const { return error_; }
  [[nodiscard]] std::size_t error_bits() const { return error_bits_; }
  [[nodiscard]] bool solved() const { return error_bits_ == 0; }

 private:
  void evaluate_outputs();
  bool stagnant(double value, std::size_t epoch_in_phase, double& last, std::size_t& quit, bool& first,
                const PhaseParams& phase) const;
  [[nodiscard]] CascorResult result(bool interrupted) const;

  Dataset data_;
  CascorParams params_;
  CounterRng rng_;
  CascorNetwork network_;
  CandidatePool pool_;
  bool frozen_ = false;
  bool candidates_ready_ = false;
  std::function<bool()> stop_;

  UnitValues values_;           // N × (1 + I + H_max): bias, inputs, hidden unit values
  Eigen::MatrixXd net_;         // N × O output values
  Eigen::MatrixXd residual_;    // N × O: (y − t)·(f′(y) + offset)
  Eigen::MatrixXd out_slope_;   // O × (1 + I + H_max)
  Eigen::MatrixXd out_delta_;
  Eigen::MatrixXd out_prev_;

  double error_ = 0.0;
  std::size_t error_bits_ = 0;
  std::uint64_t epoch_ = 0;
  std::vector<EpochRecord> curve_;
};

}  // namespace snnft::cascor
