package dev.lightcache.processor.functional;

public record Item(long id, String name) {}
