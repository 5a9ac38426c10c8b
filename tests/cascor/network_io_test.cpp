// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/network_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "snnft/snn/cascor/cascor_learner.hpp"

namespace snnft::cascor {
namespace {

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("snnft_cascor_test_" + name)).string();
}

TEST(NetworkIo, SaveThenLoadPredictsIdentically) {
  const Dataset parity = make_parity(5);
  CascorLearner learner(parity, CascorParams{}, 9);
  ASSERT_TRUE(learner.run().solved);
  ASSERT_GT(learner.network().hidden_count(), 0U);

  const std::string path = temp_file("roundtrip.h5");
  {
    H5Output out(path);
    write_network(out, "/cascor/network", learner.network());
    out.commit();
  }
  const CascorNetwork loaded = read_network(path, "/cascor/network");
  EXPECT_TRUE(loaded == learner.network());
  const Eigen::MatrixXd before = learner.network().predict(parity.inputs);
  const Eigen::MatrixXd after = loaded.predict(parity.inputs);
  EXPECT_EQ(before, after);  // bit for bit
  EXPECT_EQ(error_bits(after, parity.targets, 0.35), 0U);
  std::filesystem::remove(path);
}

TEST(NetworkIo, NetworkWithoutHiddenUnitsRoundTrips) {
  CascorNetwork net(3, 2);
  Eigen::MatrixXd w(2, 4);
  w << 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8;
  net.set_output_weights(w);
  const std::string path = temp_file("empty.h5");
  {
    H5Output out(path);
    write_network(out, "/net", net);
    out.commit();
  }
  EXPECT_TRUE(read_network(path, "/net") == net);
  std::filesystem::remove(path);
}

TEST(NetworkIo, MissingGroupIsReported) {
  const std::string path = temp_file("missing.h5");
  {
    H5Output out(path);
    out.create_group("/other");
    out.commit();
  }
  EXPECT_THROW(read_network(path, "/cascor/network"), std::runtime_error);
  EXPECT_THROW(read_network(temp_file("does_not_exist.h5"), "/cascor/network"), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace snnft::cascor
