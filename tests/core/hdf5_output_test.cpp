// SPDX-License-Identifier: MIT
#include "snnft/core/hdf5_output.hpp"
#include "snnft/core/output_error.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <vector>

namespace snnft {
namespace {

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("snnft_test_" + name)).string();
}

std::vector<double> read_doubles(const std::string& file, const std::string& path) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t ds = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(ds);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  std::vector<double> out(n);
  H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(f);
  return out;
}

}  // namespace

TEST(H5Output, FileAppearsOnlyAfterCommit) {
  const auto path = temp_file("commit.h5");
  std::filesystem::remove(path);
  {
    H5Output out(path);
    out.write<double>("/spikes/exc/timestamps", std::vector<double>{0.5, 1.5});
    out.set_attribute("/spikes/exc", "sorting", std::string("by_time"));
    EXPECT_FALSE(std::filesystem::exists(path));
    out.commit();
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_EQ(read_doubles(path, "/spikes/exc/timestamps"), (std::vector<double>{0.5, 1.5}));
  std::filesystem::remove(path);
}

TEST(H5Output, AbandonedFileLeavesNothingBehind) {
  const auto path = temp_file("abandon.h5");
  std::filesystem::remove(path);
  {
    H5Output out(path);
    out.write<double>("/x", std::vector<double>{1.0});
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(H5Output, AppendableDatasetGrows) {
  const auto path = temp_file("append.h5");
  {
    H5Output out(path);
    out.create_appendable<double>("/health/time_ms", 4);
    const std::vector<double> a{1, 2, 3}, b{4, 5, 6, 7, 8};
    out.append<double>("/health/time_ms", a);
    out.append<double>("/health/time_ms", b);
    out.commit();
  }
  EXPECT_EQ(read_doubles(path, "/health/time_ms"), (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}));
  std::filesystem::remove(path);
}

// Frames streamed row by row: shape rows × cols, values in order, and the dataset is
// chunked with the shuffle and deflate filters (what makes long recordings small).
TEST(H5Output, AppendableRowsAreCompressedFrames) {
  const auto path = temp_file("rows.h5");
  {
    H5Output out(path);
    out.create_appendable_rows<float>("/report/n/data", 3, 4);
    std::vector<float> a(2 * 3), b(5 * 3);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(a.size() + i);
    out.append_rows<float>("/report/n/data", a, 2);
    out.append_rows<float>("/report/n/data", b, 5);
    out.set_attribute("/report/n/data", "units", std::string("mV"));
    out.commit();
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t ds = H5Dopen2(file, "/report/n/data", H5P_DEFAULT);
  const hid_t space = H5Dget_space(ds);
  hsize_t dims[2] = {0, 0};
  ASSERT_EQ(H5Sget_simple_extent_ndims(space), 2);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  EXPECT_EQ(dims[0], 7u);
  EXPECT_EQ(dims[1], 3u);
  std::vector<float> back(21);
  H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data());
  for (std::size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i], static_cast<float>(i));
  const hid_t plist = H5Dget_create_plist(ds);
  EXPECT_EQ(H5Pget_layout(plist), H5D_CHUNKED);
  std::vector<H5Z_filter_t> filters;
  for (int k = 0; k < H5Pget_nfilters(plist); ++k) {
    unsigned flags = 0;
    std::size_t n = 0;
    filters.push_back(H5Pget_filter2(plist, static_cast<unsigned>(k), &flags, &n, nullptr, 0, nullptr, nullptr));
  }
  EXPECT_EQ(filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  H5Pclose(plist);
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(file);
  std::filesystem::remove(path);
}

TEST(H5Output, UnwritableDirectoryIsAnError) {
  try {
    H5Output out("/nonexistent-dir/x.h5");
    FAIL() << "created";
  } catch (const OutputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent-dir/x.h5: cannot create the output file (No such file or directory)");
  }
  const std::string dir = std::filesystem::temp_directory_path().string();
  try {
    H5Output out(dir);
    FAIL() << "created";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": is a directory, not a file");
  }
}

}  // namespace snnft

#include "snnft/core/hdf5_input.hpp"

namespace snnft {

TEST(H5Input, ReadsBackWhatH5OutputWrote) {
  const auto path = temp_file("roundtrip.h5");
  {
    H5Output out(path);
    const std::vector<float> m{1, 2, 3, 4, 5, 6};
    out.write_matrix<float>("/state/w", m, 2, 3);
    out.write<std::int32_t>("/state/labels", std::vector<std::int32_t>{-1, 4});
    out.set_attribute("/state", "name", std::string("column0"));
    out.set_attribute("/state", "rate", 0.25);
    out.commit();
  }
  H5Input in(path);
  EXPECT_TRUE(in.has("/state/w"));
  EXPECT_FALSE(in.has("/state/missing"));
  EXPECT_FALSE(in.has("/nothing/here"));
  EXPECT_EQ(in.shape("/state/w"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(in.read<double>("/state/w"), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(in.read<std::int32_t>("/state/labels"), (std::vector<std::int32_t>{-1, 4}));
  EXPECT_EQ(in.string_attribute("/state", "name"), "column0");
  EXPECT_EQ(in.number_attribute("/state", "rate"), 0.25);
  EXPECT_THROW((void)in.read<float>("/state/missing"), std::runtime_error);
  std::filesystem::remove(path);
  EXPECT_THROW(H5Input("/nonexistent/file.h5"), std::runtime_error);
}

}  // namespace snnft
