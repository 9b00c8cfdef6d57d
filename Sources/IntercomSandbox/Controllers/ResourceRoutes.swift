import Hummingbird

/// Mounts every resource controller.
enum ResourceRoutes {
    static func register(on router: Router<SandboxContext>, state: SandboxState) {
        AdminsController(store: state.store).register(on: router)
    }
}
