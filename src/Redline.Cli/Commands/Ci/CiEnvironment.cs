using System.Text.Json;

namespace Redline.Cli.Commands.Ci;

/// <summary>
/// Where <c>redline ci</c> runs: the trigger, and on GitHub Actions the pull request, the repository, the API and the job
/// summary, from the runner's standard environment variables and the event file.
/// </summary>
/// <param name="Trigger">pull_request, push, nightly or weekly.</param>
/// <param name="Source">How the trigger was found, for the first line of the output.</param>
/// <param name="GitHub">The GitHub Actions context; null elsewhere.</param>
internal sealed record CiEnvironment(string Trigger, string Source, GitHubContext? GitHub)
{
    /// <summary>The environment's trigger, or <paramref name="asked"/> when given.</summary>
    public static CiEnvironment Detect(string? asked, Func<string, string?> variable)
    {
        var github = variable("GITHUB_ACTIONS") == "true" ? GitHubContext.Read(variable) : null;
        if (asked is not null)
        {
            return new CiEnvironment(asked, "--trigger", github);
        }

        if (github is not null)
        {
            return new CiEnvironment(github.Trigger, $"GitHub Actions event {github.EventName}", github);
        }

        if (variable("REDLINE_TRIGGER") is { Length: > 0 } named)
        {
            return new CiEnvironment(named, "REDLINE_TRIGGER", null);
        }

        if (variable("GITLAB_CI") == "true" && variable("CI_PIPELINE_SOURCE") is { } source)
        {
            var trigger = source switch
            {
                "merge_request_event" => "pull_request",
                "schedule" => "nightly",
                _ => "push",
            };
            return new CiEnvironment(trigger, $"GitLab CI pipeline source {source}", null);
        }

        return new CiEnvironment("push", "no CI environment found (pass --trigger to choose)", null);
    }
}

/// <summary>What a GitHub Actions job knows about its run.</summary>
/// <param name="EventName">GITHUB_EVENT_NAME.</param>
/// <param name="Trigger">The pipeline trigger the event means.</param>
/// <param name="Repository">owner/name (GITHUB_REPOSITORY).</param>
/// <param name="ApiUrl">The REST API's root (GITHUB_API_URL).</param>
/// <param name="Token">GITHUB_TOKEN, when the workflow passes it.</param>
/// <param name="SummaryFile">GITHUB_STEP_SUMMARY: the job summary's file.</param>
/// <param name="PullRequest">The pull request's number, on a pull_request event.</param>
/// <param name="BaseBranch">The pull request's base branch.</param>
/// <param name="HeadRepository">The repository the pull request's head is in (owner/name).</param>
/// <param name="RunUrl">The link to this workflow run.</param>
internal sealed record GitHubContext(
    string EventName,
    string Trigger,
    string? Repository,
    string ApiUrl,
    string? Token,
    string? SummaryFile,
    int? PullRequest,
    string? BaseBranch,
    string? HeadRepository,
    string? RunUrl)
{
    /// <summary>A pull request from a fork: its token cannot write to the base repository.</summary>
    public bool FromFork => HeadRepository is not null && Repository is not null && !string.Equals(HeadRepository, Repository, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the context from the environment and the event file.</summary>
    public static GitHubContext Read(Func<string, string?> variable)
    {
        var eventName = variable("GITHUB_EVENT_NAME") ?? "";
        JsonElement payload = default;
        if (variable("GITHUB_EVENT_PATH") is { Length: > 0 } path && File.Exists(path))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                payload = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // An unreadable event file leaves what the variables say.
            }
        }

        var pull = Property(payload, "pull_request");
        var trigger = eventName switch
        {
            "pull_request" or "pull_request_target" => "pull_request",
            "schedule" => IsWeekly(String(Property(payload, "schedule"))) ? "weekly" : "nightly",
            "workflow_dispatch" => String(Property(Property(payload, "inputs"), "trigger")) is { Length: > 0 } chosen ? chosen : "nightly",
            _ => "push",
        };
        var server = variable("GITHUB_SERVER_URL") ?? "https://github.com";
        var repository = variable("GITHUB_REPOSITORY");
        return new GitHubContext(
            eventName,
            trigger,
            repository,
            (variable("GITHUB_API_URL") is { Length: > 0 } api ? api : "https://api.github.com").TrimEnd('/'),
            variable("GITHUB_TOKEN") is { Length: > 0 } token ? token : null,
            variable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary ? summary : null,
            Property(pull, "number") is { ValueKind: JsonValueKind.Number } number ? number.GetInt32() : null,
            variable("GITHUB_BASE_REF") is { Length: > 0 } baseRef ? baseRef : String(Property(Property(pull, "base"), "ref")),
            String(Property(Property(Property(pull, "head"), "repo"), "full_name")),
            repository is not null && variable("GITHUB_RUN_ID") is { } run ? $"{server}/{repository}/actions/runs/{run}" : null);
    }

    /// <summary>A cron schedule with a day of the week is the weekly trigger; any other, the nightly one.</summary>
    public static bool IsWeekly(string? cron) => cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, _, var dayOfWeek] && dayOfWeek != "*";

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}
