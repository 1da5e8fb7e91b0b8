# An LLDB target definition file that fails the way LLDB reports as
# "failed to parse": get_dynamic_setting raises.
def get_dynamic_setting(target, setting_name):
    raise RuntimeError("no registers for you")
