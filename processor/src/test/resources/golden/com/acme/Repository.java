package com.acme;

import java.util.List;

public interface Repository<T, ID> {
    T get(ID id);

    List<T> findAll(List<ID> ids) throws java.io.IOException;

    T save(T value);

    default T getOrNull(ID id) {
        return get(id);
    }
}
