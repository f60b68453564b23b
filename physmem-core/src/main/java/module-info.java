/** physmem's core: the region tree, flat views, address spaces. No run-time dependencies. */
module dev.physmem {
    exports dev.physmem;
    exports dev.physmem.attr;
    exports dev.physmem.region;
    exports dev.physmem.flat;
    exports dev.physmem.space;
    exports dev.physmem.dispatch;
    exports dev.physmem.listener;
    exports dev.physmem.iommu;
    exports dev.physmem.dirty;
    exports dev.physmem.host;
    exports dev.physmem.ram;
    exports dev.physmem.inspect;
    exports dev.physmem.mtree;
    exports dev.physmem.migration;
}
