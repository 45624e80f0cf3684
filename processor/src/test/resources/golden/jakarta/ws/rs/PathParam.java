package jakarta.ws.rs;

public @interface PathParam {
    String value();
}
