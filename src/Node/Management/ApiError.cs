using Microsoft.AspNetCore.Http;

namespace StaticDhcpd.Node.Management;

/// <summary>
/// The one error shape of the management HTTP API (docs/management-api.md, "Errors and auth"):
/// <c>{"error": {"code": "&lt;stable-code&gt;", "message": "&lt;what and why&gt;"}}</c>. Scripts match on the code, people
/// read the message.
/// </summary>
public static class ApiError
{
    public const string BadRequest = "bad-request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";

    /// <summary>The body every error carries.</summary>
    public sealed record Body(Detail Error);

    public sealed record Detail(string Code, string Message);

    /// <summary>An error with any status and code (e.g. 409 <c>static-provider-read-only</c>).</summary>
    public static IResult Result(int status, string code, string message) =>
        Results.Json(new Body(new Detail(code, message)), statusCode: status);

    public static IResult Status400(string message) => Result(StatusCodes.Status400BadRequest, BadRequest, message);
    public static IResult Status404(string message) => Result(StatusCodes.Status404NotFound, NotFound, message);
    public static IResult Status409(string code, string message) => Result(StatusCodes.Status409Conflict, code, message);
    public static IResult Status503(string message) => Result(StatusCodes.Status503ServiceUnavailable, Unavailable, message);
    public static IResult Status504(string message) => Result(StatusCodes.Status504GatewayTimeout, Timeout, message);

    /// <summary>Writes the error straight to a response (middleware, where there is no endpoint to return from).</summary>
    public static Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new Body(new Detail(code, message)));
    }
}
