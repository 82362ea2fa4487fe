#include "qemu/qemu_command.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "build/target.h"
#include "config/config_values.h"
#include "image/kernel_image.h"
#include "qemu/firmware.h"
#include "qemu/machine.h"

namespace kbuild {
namespace {

constexpr const char* kConsoleChardev = "kbuild-console";

// Whether the configured or extra arguments already pick an accelerator or a CPU model.
bool mentions(const std::vector<std::string>& args, std::initializer_list<std::string_view> options) {
  for (const auto& arg : args)
    for (std::string_view option : options)
      if (arg == option || (option.back() == '=' && arg.find(option) != std::string::npos)) return true;
  return false;
}

}  // namespace

std::vector<std::string> default_qemu_command(Arch arch, const RunConfig& run, Firmware firmware) {
  MachineSpec machine = machine_spec(arch);
  std::vector<std::string> argv = {machine.qemu};
  const std::vector<std::string>& board =
      firmware == Firmware::uefi && !machine.uefi_board.empty() ? machine.uefi_board : machine.board;
  argv.insert(argv.end(), board.begin(), board.end());
  argv.insert(argv.end(), {"-m", run.memory});
  if (machine.boots_direct(firmware)) {  // the loader finds the image in RAM through the device tree's /chosen
    argv.insert(argv.end(), {"-initrd", "{}"});
    argv.insert(argv.end(), machine.direct_display.begin(), machine.direct_display.end());
  } else {
    argv.insert(argv.end(), machine.disk.begin(), machine.disk.end());
  }
  return argv;
}

std::string qemu_option_value(std::string_view text) {
  std::string out;
  for (char ch : text) {
    out += ch;
    if (ch == ',') out += ',';
  }
  return out;
}

bool check_qemu(const Config& config, std::string* err) {
  return check_program(config.run.command.empty() ? machine_spec(config.arch.value).qemu : config.run.command.front(),
                       err);
}

std::vector<std::string> qemu_argv(const Config& config, const QemuPlan& plan) {
  MachineSpec machine = machine_spec(config.arch.value);
  bool direct = machine.boots_direct(plan.firmware);
  std::vector<std::string> argv = config.run.command.empty()
                                      ? default_qemu_command(config.arch.value, config.run, plan.firmware)
                                      : config.run.command;
  bool placed = false;
  for (auto& arg : argv) {
    if (arg == "{}") {  // a whole argument (`-hda {}`): QEMU takes it as a plain path
      arg = plan.image.string();
      placed = true;
      continue;
    }
    std::string image = qemu_option_value(plan.image.string());  // inside `format=raw,file={}`
    for (size_t at = arg.find("{}"); at != std::string::npos; at = arg.find("{}", at)) {
      arg.replace(at, 2, image);
      at += image.size();
      placed = true;
    }
  }
  auto add = [&](std::initializer_list<std::string> args) { argv.insert(argv.end(), args); };
  if (!placed && direct) {  // a custom command that does not say where the image goes
    add({"-initrd", plan.image.string()});
  } else if (!placed) {  // as the machine's disk
    for (std::string arg : machine.disk) {
      size_t at = arg.find("{}");
      if (at != std::string::npos) arg.replace(at, 2, qemu_option_value(plan.image.string()));
      argv.push_back(arg);
    }
  }
  // [run] memory reaches a custom command too, unless the command sets it (kernel.toml's
  // reader refuses a command with -m beside a [run] memory, so neither is lost).
  if (!config.run.command.empty() && !qemu_args_set_memory(config.run.command)) add({"-m", config.run.memory});
  if (direct && std::find(argv.begin(), argv.end(), "-kernel") == argv.end())
    add({"-kernel", direct_loader_path(plan.image).string()});

  if (plan.mode == RunMode::test ? config.test.no_reboot : config.run.no_reboot) add({"-no-reboot"});
  switch (plan.mode) {
    case RunMode::window:
    case RunMode::headless:
      if (plan.mode == RunMode::headless) add({"-display", "none"});
      if (plan.console)  // mon:stdio, but with signal=on: Ctrl-C stays a signal, so the run can be left
        add({"-chardev", fmt::format("stdio,id={},mux=on,signal=on", kConsoleChardev), "-serial",
             fmt::format("chardev:{}", kConsoleChardev), "-mon", fmt::format("chardev={},mode=readline", kConsoleChardev)});
      else
        add({"-serial", "stdio"});
      break;
    case RunMode::test:
      // -snapshot: QEMU opens the image read-only (writes go to a deleted temporary overlay), so
      // tests can share an image and never change it.
      add({"-snapshot", "-display", "none", "-serial",
           plan.serial_log.empty() ? std::string("stdio") : "file:" + plan.serial_log.string()});
      break;
  }
  // A kernel ends a run through the exit device (tests report their result there), or by
  // halting: the fw_cfg file asks the runtime's kbuild_halt() to power off, and outside test mode
  // QEMU then pauses instead of exiting where there is a screen, so kbuild can still read it.
  if (plan.exit_port_file.empty() || !machine.screen) {
    argv.insert(argv.end(), machine.exit_device.begin(), machine.exit_device.end());
  } else {  // the exit port recorded in a file, so QEMU stays up for the screen to be read
    add({"-chardev", "file,id=kbuild-exit,path=" + qemu_option_value(plan.exit_port_file.string()), "-device",
         fmt::format("isa-debugcon,iobase={:#x},chardev=kbuild-exit", KBUILD_DEBUG_EXIT_PORT)});
  }
  argv.insert(argv.end(), machine.power_off_request.begin(), machine.power_off_request.end());
  if (machine.has_screen(plan.firmware) && (plan.mode != RunMode::test || !plan.exit_port_file.empty()))
    add({"-action", "shutdown=pause"});
  if (!plan.qmp_socket.empty())
    add({"-qmp", "unix:" + qemu_option_value(plan.qmp_socket.string()) + ",server=on,wait=off"});
  if (!plan.fault_log.empty()) add({"-d", "int,cpu_reset", "-D", plan.fault_log.string()});
  if (plan.gdb) add({"-S", "-gdb", fmt::format("tcp:127.0.0.1:{}", plan.gdb_port)});
  // KVM runs only guests of the host's architecture: another one's gets TCG, whoever asked
  // (kbuild run and kbuild test alike).
  std::optional<bool> kvm = plan.kvm;
  if (kvm && !machine.kvm) kvm = false;
  if (kvm) {
    const auto& user = plan.mode == RunMode::test ? config.test.args : config.run.args;
    bool chosen = false, cpu = false;
    for (const std::vector<std::string>* args : {&std::as_const(argv), &user, &plan.extra_args}) {
      chosen = chosen || mentions(*args, {"-accel", "-enable-kvm", "accel="});
      cpu = cpu || mentions(*args, {"-cpu"});
    }
    if (!chosen) add({"-accel", *kvm ? "kvm" : "tcg"});
    if (!chosen && *kvm && !cpu) add({"-cpu", "host"});
  }
  if (!direct) {
    std::vector<std::string> firmware = firmware_qemu_args(plan.firmware, config.arch.value);
    argv.insert(argv.end(), firmware.begin(), firmware.end());
  }

  const auto& configured = plan.mode == RunMode::test ? config.test.args : config.run.args;
  argv.insert(argv.end(), configured.begin(), configured.end());
  argv.insert(argv.end(), plan.extra_args.begin(), plan.extra_args.end());
  return argv;
}

}  // namespace kbuild
