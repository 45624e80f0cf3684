package com.acme;

public record Product(long id, String name) {}
