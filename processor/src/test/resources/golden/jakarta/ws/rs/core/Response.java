package jakarta.ws.rs.core;

public abstract class Response {}
