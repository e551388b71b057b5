{
  "targets": [
    {
      "target_name": "geopretrain_native",
      "sources": ["addon.cc", "conv.cc", "layout.cc", "elementwise.cc", "batchnorm.cc", "resize.cc"],
      "include_dirs": ["/usr/include/oneapi"],
      "cflags": ["-O3", "-fopenmp"],
      "cflags_cc": ["-O3", "-fopenmp", "-std=c++17", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
