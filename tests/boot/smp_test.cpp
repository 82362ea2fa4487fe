// The other CPUs: started and parked by kbuild's loaders, handed to the kernel through kbuild's
// contract (kbuild_boot_info.cpus, kernels/smp.cpp) and through the Limine MP request
// (kernels/limine_mp.cpp). Each kernel starts every other CPU on a function of its own and
// waits for all of them, so a CPU the loader did not start, listed wrongly or parked in a
// state the kernel cannot use fails the run.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

const KernelSpec kSmpKernel = {"smp_higher_half", "smp.cpp", "higher_half.ld", {}};
const KernelSpec kLimineMpKernel = {"limine_mp", "limine_mp.cpp", "limine.ld", {}};

BootOptions with_cpus(BootOptions options, const std::string& smp) {
  options.extra_args.insert(options.extra_args.end(), {"-smp", smp});
  return options;
}

// `smp` is QEMU's -smp argument; the default is `cpus` CPUs.
BootResult boot_smp(const KernelSpec& spec, ImageOptions options, int cpus, bool uefi,
                    const std::string& image_name, std::string smp = "") {
  if (smp.empty()) smp = std::to_string(cpus);
  options.cmdline = "cpus=" + std::to_string(cpus);
  std::filesystem::path image;
  std::string err;
  bool built = uefi ? build_uefi_disk(spec, options, image_name, &image, &err)
                    : build_image(spec, options, image_name, &image, &err);
  EXPECT_TRUE(built) << err;
  if (!built) return {};
  return boot(image, with_cpus(uefi ? uefi_options() : BootOptions(), smp));
}

TEST(Smp, FourCpusListedAndStartedOnBios) {
  BootResult r = boot_smp(kSmpKernel, {}, 4, false, "smp4.img");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("SMP cpus=4 started=3\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
}

TEST(Smp, OneCpuListsOnlyTheBootCpu) {
  BootResult r = boot_smp(kSmpKernel, {}, 1, false, "smp1.img");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("SMP cpus=1 started=0\n"), std::string::npos) << r.serial;
}

// QEMU lists the CPUs that may be plugged in later in the MADT too, not enabled: they are not
// listed (and not started).
TEST(Smp, CpusTheMadtShowsDisabledAreLeftOut) {
  BootResult r = boot_smp(kSmpKernel, {}, 2, false, "smp2_of_4.img", "2,maxcpus=4");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("SMP cpus=2 started=1\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
}

// Physical memory at 0: the parked CPUs find their slots through the identity mapping.
TEST(Smp, TwoCpusWithIdentityPhysicalMemoryOnBios) {
  ImageOptions options;
  options.physical_memory_offset = 0;
  BootResult r = boot_smp(kSmpKernel, options, 2, false, "smp2_identity.img");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("SMP cpus=2 started=1\n"), std::string::npos) << r.serial;
}

TEST(Smp, TwoCpusListedAndStartedOnUefi) {
  BootResult r = boot_smp(kSmpKernel, {}, 2, true, "smp2_esp");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("SMP cpus=2 started=1\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
}

TEST(Smp, LimineMpRequestAnsweredOnBios) {
  BootResult r = boot_smp(kLimineMpKernel, {}, 4, false, "limine_mp4.img");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("MP cpus=4 started=3\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
}

TEST(Smp, LimineMpRequestAnsweredOnUefi) {
  BootResult r = boot_smp(kLimineMpKernel, {}, 2, true, "limine_mp2_esp");
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("MP cpus=2 started=1\n"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
