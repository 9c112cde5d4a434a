using System.Diagnostics;
using Redline.Engine;

namespace Redline.Cli.Kinds.Flow;

/// <summary>
/// Runs a flow's steps in order as one iteration: each step's answer gives the values its
/// <c>capture:</c> names to the later steps, each step's time and outcome are recorded under its
/// name, and the first failure ends the iteration with its error class, the later steps counted
/// as skipped. A <c>once: per_user</c> step runs until it succeeds for a user; later iterations
/// of that user reuse what it captured.
/// </summary>
internal sealed class FlowRunner(string component, IReadOnlyList<FlowStepSpec> specs, IReadOnlyList<Step> steps)
{
    private readonly string[] _onceKeys = [.. specs.Select(s => $"flow:{component}:{s.Name}")];

    /// <summary>The engine step that runs the whole flow.</summary>
    public Step AsStep() => RunAsync;

    private async ValueTask<Outcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var last = Outcome.Ok();
        TimeSpan? setup = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var spec = specs[i];
            if (spec.OncePerUser && context.User.TryGet<IReadOnlyDictionary<string, string>>(_onceKeys[i], out var kept))
            {
                foreach (var (name, value) in kept)
                {
                    context.Variables[name] = value;
                }

                continue;
            }

            var (outcome, elapsed) = await RunStepAsync(i, context, cancellationToken).ConfigureAwait(false);
            if (outcome.Setup is { } stepSetup)
            {
                setup = (setup ?? TimeSpan.Zero) + stepSetup;
                elapsed = elapsed > stepSetup ? elapsed - stepSetup : TimeSpan.Zero;
            }

            context.RecordStep(i, elapsed, outcome);
            if (!outcome.IsSuccess)
            {
                for (var j = i + 1; j < steps.Count; j++)
                {
                    context.SkipStep(j);
                }

                return outcome with { Setup = setup, Detail = $"step '{spec.Name}': {outcome.Detail ?? outcome.Error.Name}" };
            }

            if (spec.OncePerUser)
            {
                context.User.Set(_onceKeys[i], spec.Captures.ToDictionary(c => c.Name, c => context.Variables[c.Name], StringComparer.Ordinal));
            }

            last = outcome;
        }

        return Outcome.Ok(last.StatusCode) with { Setup = setup };
    }

    private async ValueTask<(Outcome Outcome, TimeSpan Elapsed)> RunStepAsync(int index, StepContext context, CancellationToken cancellationToken)
    {
        var spec = specs[index];
        var capture = spec.Captures.Count > 0 ? new ResponseCapture() : null;
        context.Capture = capture;
        var start = Stopwatch.GetTimestamp();
        Outcome outcome;
        try
        {
            outcome = await steps[index](context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One step's exception is that step's failure, as the engine treats a component's.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            outcome = Outcome.Fail(ErrorKind.Other, $"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            context.Capture = null;
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        if (outcome.IsSuccess && capture is not null)
        {
            foreach (var value in spec.Captures)
            {
                if (value.Find(capture) is not { } found)
                {
                    return (Outcome.Fail(ValueCapture.Failed, $"step '{spec.Name}' captured nothing for '{value.Name}' with {value.Expression}", outcome.StatusCode), elapsed);
                }

                context.Variables[value.Name] = found;
            }
        }

        return (outcome, elapsed);
    }
}
