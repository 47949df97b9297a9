/** Who is asking: established from the request's token, never from anything else the client sends. */
export interface Viewer {
  id: string;
  name: string | null;
  roles: string[];
  /** canonical codes of the departments the user belongs to or is assigned to */
  departments: string[];
}
