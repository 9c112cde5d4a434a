using System.Collections.Concurrent;

namespace Redline.Engine;

/// <summary>
/// What one virtual user keeps across its iterations: a login token, an open protocol session. In the
/// closed model each virtual user has its own; in the open model, where arrivals have no identity, an
/// iteration borrows one from a pool that never holds more than the concurrency limit, so a session
/// opened once serves many arrivals as a connection pool's connection would. What a step stores that
/// is disposable is disposed when the scenario ends.
/// </summary>
public sealed class UserState
{
    private readonly ConcurrentDictionary<string, object> _items = new(StringComparer.Ordinal);

    /// <summary>A user's state.</summary>
    /// <param name="id">The user's number within its scenario, from 0.</param>
    public UserState(int id) => Id = id;

    /// <summary>The user's number within its scenario, from 0: the virtual user (closed model) or the pooled slot (open model).</summary>
    public int Id { get; }

    /// <summary>The value stored under <paramref name="key"/>, if there is one of type <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        if (_items.TryGetValue(key, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing (not disposing) what was there.</summary>
    public void Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _items[key] = value;
    }

    /// <summary>Forgets what is stored under <paramref name="key"/>; the caller owns it from then on.</summary>
    public bool Remove(string key) => _items.TryRemove(key, out _);

    /// <summary>Disposes everything disposable the user kept, each once; one that throws does not stop the others.</summary>
    internal async ValueTask DisposeItemsAsync()
    {
        foreach (var item in _items.Values)
        {
            try
            {
                if (item is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                }
                else if (item is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
#pragma warning disable CA1031 // Closing a user's session after the run must not fail the run.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _items.Clear();
    }
}

/// <summary>The users of one scenario: one per virtual user (closed model), or a pool that open-model iterations borrow from.</summary>
internal sealed class UserStates
{
    private readonly ConcurrentDictionary<int, UserState> _byUser = new();
    private readonly ConcurrentBag<UserState> _idle = [];
    private int _pooled;

    /// <summary>The state of virtual user <paramref name="virtualUser"/> (closed model), or one borrowed from the pool when it is negative.</summary>
    public UserState Rent(int virtualUser) =>
        virtualUser >= 0
            ? _byUser.GetOrAdd(virtualUser, id => new UserState(id))
            : _idle.TryTake(out var idle) ? idle : Pooled();

    /// <summary>Gives a borrowed state back to the pool; a virtual user's own stays with it.</summary>
    public void Return(int virtualUser, UserState state)
    {
        if (virtualUser < 0)
        {
            _idle.Add(state);
        }
    }

    /// <summary>Disposes what every user kept.</summary>
    public async ValueTask DisposeAllAsync()
    {
        // Pooled states are kept in the map too (under negative keys), so each is disposed once.
        foreach (var state in _byUser.Values)
        {
            await state.DisposeItemsAsync().ConfigureAwait(false);
        }
    }

    private UserState Pooled()
    {
        var state = new UserState(Interlocked.Increment(ref _pooled) - 1);
        _byUser.TryAdd(-1 - state.Id, state);
        return state;
    }
}
