{
  "targets": [
    {
      "target_name": "autocorrector_native",
      "sources": [
        "native/addon.cc",
        "native/devices.cc",
        "native/reader.cc",
        "native/hotplug.cc",
        "native/grab.cc",
        "native/keys.cc",
        "native/hold_queue.cc",
        "native/virtual_keyboard.cc",
        "native/bridge.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags": ["-fvisibility=hidden", "-fno-plt"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-lpthread"]
    }
  ]
}
