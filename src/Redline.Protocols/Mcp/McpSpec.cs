using System.Text.Json.Nodes;

namespace Redline.Protocols.Mcp;

/// <summary>What one MCP component or flow step does against its server.</summary>
/// <param name="Server">The server and how to reach it.</param>
/// <param name="Operation">The operation one iteration runs.</param>
/// <param name="Session">Whether a user keeps its session across iterations or each iteration opens its own.</param>
/// <param name="ExpectError">True when the operation must fail (an unknown tool, bad arguments): failing is then the success.</param>
/// <param name="Timeout">How long one operation may take.</param>
public sealed record McpSpec(McpServerSpec Server, McpOperation Operation, McpSessionMode Session, bool ExpectError, TimeSpan Timeout)
{
    /// <summary>The timeout when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
}

/// <summary>
/// An MCP server: over Streamable HTTP at <see cref="Endpoint"/>, or over stdio as a process Redline
/// starts from <see cref="Command"/>. Components with equal server specs share the server's sessions and processes.
/// </summary>
/// <param name="Endpoint">The Streamable HTTP endpoint, absolute or relative to the target's base URL; null for stdio.</param>
/// <param name="Command">The program that serves MCP over its stdin and stdout; null for HTTP.</param>
/// <param name="Args">The program's arguments.</param>
/// <param name="Env">Environment variables added to Redline's own for the program.</param>
/// <param name="WorkingDirectory">Where the program runs.</param>
/// <param name="Protocol">The protocol revision: <c>auto</c> (found out once per run), <c>2025-11-25</c> or <c>2026-07-28</c>.</param>
/// <param name="Processes">For stdio: at most this many server processes, one per user until then, shared with concurrent requests after.</param>
public sealed record McpServerSpec(
    string? Endpoint,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string? WorkingDirectory,
    string Protocol,
    int Processes)
{
    /// <summary>The revision <c>auto</c> finds out.</summary>
    public const string Auto = "auto";

    /// <summary>The revisions a suite may name.</summary>
    public static readonly IReadOnlyList<string> Revisions = [Auto, "2025-11-25", "2026-07-28"];

    /// <summary>The process cap when none is given.</summary>
    public const int DefaultProcesses = 8;

    /// <summary>True for a server Redline starts and talks to over stdio.</summary>
    public bool IsStdio => Command is not null;

    /// <summary>What tells two servers apart: equal keys share sessions and processes.</summary>
    public string Key => IsStdio
        ? $"stdio:{Command} {string.Join(' ', Args)} {string.Join(';', Env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"))} @{WorkingDirectory} {Protocol} x{Processes}"
        : $"http:{Endpoint} {Protocol}";
}

/// <summary>Whether a user keeps one session for all its iterations, or each iteration opens and closes one.</summary>
public enum McpSessionMode
{
    /// <summary>One session per user, opened before its first iteration and timed apart as setup.</summary>
    PerUser,

    /// <summary>A cold session in every iteration, the handshake counted in its latency.</summary>
    PerIteration,
}

/// <summary>What one operation does: list, call, read, prompt or ping.</summary>
public enum McpOperationKind
{
    /// <summary>List every page of tools, resources or prompts.</summary>
    List,

    /// <summary>Call a tool with arguments.</summary>
    Call,

    /// <summary>Read a resource.</summary>
    Read,

    /// <summary>Get a prompt with arguments.</summary>
    Prompt,

    /// <summary>Ping the server.</summary>
    Ping,
}

/// <summary>One MCP operation.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Target">The tool or prompt name, the resource URI, or what is listed (<c>tools</c>, <c>resources</c>, <c>prompts</c>); empty for a ping.</param>
/// <param name="Arguments">A tool's or prompt's arguments; string values may hold placeholders.</param>
public sealed record McpOperation(McpOperationKind Kind, string Target, JsonObject? Arguments)
{
    /// <summary>What <c>list:</c> may name.</summary>
    public static readonly IReadOnlyList<string> Listable = ["tools", "resources", "prompts"];

    /// <summary>A short description, such as <c>tools/call echo</c>.</summary>
    public override string ToString() => Kind switch
    {
        McpOperationKind.List => $"{Target}/list",
        McpOperationKind.Call => $"tools/call {Target}",
        McpOperationKind.Read => $"resources/read {Target}",
        McpOperationKind.Prompt => $"prompts/get {Target}",
        _ => "ping",
    };
}
