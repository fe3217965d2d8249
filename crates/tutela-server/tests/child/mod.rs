//! A Tutela server in a child process, for the tests that kill it with `kill -9`: the test binary
//! runs itself with only the child test selected and an environment variable naming the data
//! directory; the child serves that directory and prints the address it listens on.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use tutela_db::{Db, Location};

/// In the child test: when `env_var` names a data directory, serves it until killed; otherwise
/// returns at once (the test runs as an ordinary, empty test).
pub async fn serve_if_child(env_var: &str) {
    let Some(dir) = std::env::var_os(env_var) else { return };
    let store = Db::open(&Location::DataDir(dir.into())).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("LISTENING {}", listener.local_addr().unwrap());
    let config = tutela_server::ServerConfig { run_scheduler: false, ..Default::default() };
    tutela_server::serve(store, listener, config, std::future::pending()).await.unwrap();
}

/// Starts this test binary running only `child_test` with `env_var` set to `dir`, and waits for the
/// address it prints.
pub fn spawn(child_test: &str, env_var: &str, dir: &Path) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", child_test, "--nocapture", "--test-threads=1"])
        .env(env_var, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("the child prints its address").unwrap();
        // libtest prints "test <name> ... " without a newline before the test's own output.
        if let Some((_, address)) = line.split_once("LISTENING ") {
            break address.trim().to_owned();
        }
    };
    (child, address)
}

/// Kills the child with SIGKILL (no chance to flush or shut down) and reaps it.
pub fn kill_9(child: &mut Child) {
    Command::new("kill").args(["-9", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
}
